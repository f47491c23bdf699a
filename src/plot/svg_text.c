/* A growable text buffer with XML escaping, for building SVG as text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

void pc_svg_init(pc_svg_t *s)
{
    s->cap = 4096;
    s->len = 0;
    s->data = malloc(s->cap);
    if (s->data == NULL)
        abort();
    s->data[0] = '\0';
}

void pc_svg_clear(pc_svg_t *s)
{
    free(s->data);
    s->data = NULL;
    s->len = s->cap = 0;
}

static void reserve(pc_svg_t *s, size_t extra)
{
    if (s->len + extra + 1 <= s->cap)
        return;
    while (s->len + extra + 1 > s->cap)
        s->cap *= 2;
    s->data = realloc(s->data, s->cap);
    if (s->data == NULL)
        abort();
}

void pc_svg_printf(pc_svg_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need <= 0)
        return;
    reserve(s, (size_t) need);
    va_start(ap, fmt);
    vsnprintf(s->data + s->len, (size_t) need + 1, fmt, ap);
    va_end(ap);
    s->len += (size_t) need;
}

static void put(pc_svg_t *s, const char *text, size_t n)
{
    reserve(s, n);
    memcpy(s->data + s->len, text, n);
    s->len += n;
    s->data[s->len] = '\0';
}

void pc_svg_append(pc_svg_t *s, const pc_svg_t *other)
{
    put(s, other->data, other->len);
}

size_t pc_svg_utf8_length(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *) text; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

void pc_svg_escaped(pc_svg_t *s, const char *text, size_t max_chars)
{
    size_t chars = 0;
    int truncate = max_chars > 0 && pc_svg_utf8_length(text) > max_chars;
    for (const unsigned char *p = (const unsigned char *) text; *p; p++) {
        if ((*p & 0xC0) != 0x80) {          /* a new code point starts */
            if (truncate && chars == max_chars - 1) {
                put(s, "\xE2\x80\xA6", 3); /* U+2026 ellipsis */
                return;
            }
            chars++;
        }
        switch (*p) {
        case '&': put(s, "&amp;", 5); break;
        case '<': put(s, "&lt;", 4); break;
        case '>': put(s, "&gt;", 4); break;
        case '"': put(s, "&quot;", 6); break;
        case '\'': put(s, "&apos;", 6); break;
        default:
            /* XML 1.0 allows no control characters but tab, newline and return */
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                put(s, "?", 1);
            else
                put(s, (const char *) p, 1);
        }
    }
}

/* Appends text as <text> lines of at most width_chars characters, breaking at spaces. */
double pc_svg_caption(pc_svg_t *s, const char *text, double x, double y, size_t width_chars)
{
    size_t len = strlen(text), start = 0;
    while (start < len) {
        size_t end = len;
        if (len - start > width_chars) {
            end = start + width_chars;
            while (end > start && text[end] != ' ') end--;
            if (end == start) {        /* no space: cut, but never inside a UTF-8 sequence */
                end = start + width_chars;
                while (end < len && ((unsigned char) text[end] & 0xC0) == 0x80) end++;
            }
        }
        char *line = strndup(text + start, end - start);
        pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"10\" fill=\"#444\">", x, y);
        pc_svg_escaped(s, line, 0);
        pc_svg_printf(s, "</text>\n");
        free(line);
        y += 13;
        start = end;
        while (start < len && text[start] == ' ') start++;
    }
    return y;
}
