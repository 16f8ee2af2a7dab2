// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRect>
#include <QString>

namespace dms {

/** One recognised word: its text, its bounding box in pixels of the page image
 *  (origin top left), the y of its baseline in pixels (-1 when unknown: the
 *  box's bottom is used then) and the engine's confidence, 0–100. */
struct OcrWord
{
    QString text;
    QRect box;
    int baseline = -1;
    float confidence = 0;
};

/** The text recognised on one page: words in reading order with their boxes,
 *  the plain text (lines and paragraphs as the engine found them) and the page
 *  geometry the boxes refer to. */
struct OcrPageText
{
    QList<OcrWord> words;
    QString text;
    int width = 0;
    int height = 0;
    int resolution = 0;

    bool isEmpty() const { return words.isEmpty(); }
};

} // namespace dms
