// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Rendered A4 text pages (Bulgarian and English) for the OCR, text-layer and
// benchmark code. Drawing text needs a QGuiApplication (QTEST_MAIN).

#include "scanning/PageImage.h"

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QStringList>

namespace dms::ocrpages {

constexpr int Dpi = 300;
constexpr int A4Width = 2480;
constexpr int A4Height = 3508;

/** Lines of a typical application to a municipality; `variant` changes the
 *  numbers so that pages differ. */
inline QStringList textLines(int variant = 0)
{
    const QString n = QString::number(1000 + variant * 37);
    return {
        QStringLiteral("ОБЩИНА ПЛОВДИВ"),
        QStringLiteral("Заявление за издаване на удостоверение"),
        QStringLiteral("Входящ номер %1 от седмица").arg(n),
        QString(),
        QStringLiteral("Уважаеми господин кмете,"),
        QStringLiteral("Моля да ми бъде издадено удостоверение за постоянен"),
        QStringLiteral("адрес, което ми е необходимо пред банката."),
        QStringLiteral("Прилагам копие от документа за собственост."),
        QString(),
        QStringLiteral("The applicant requests a certificate of residence"),
        QStringLiteral("for the bank, reference number %1.").arg(n),
        QString(),
        QStringLiteral("Дата: петнадесети март"),
        QStringLiteral("Подпис: Иван Петров"),
    };
}

/** An A4 page at 300 dpi with `lines` in a 12-point sans-serif font, Grayscale8. */
inline QImage textImage(const QStringList &lines)
{
    QImage image(A4Width, A4Height, QImage::Format_Grayscale8);
    image.setDotsPerMeterX(int(Dpi / 0.0254 + 0.5));
    image.setDotsPerMeterY(int(Dpi / 0.0254 + 0.5));
    image.fill(255);
    QPainter painter(&image);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(50); // 12 pt at 300 dpi
    painter.setFont(font);
    painter.setPen(Qt::black);
    int y = 300;
    for (const QString &line : lines) {
        painter.drawText(240, y, line);
        y += 80;
    }
    painter.end();
    return image;
}

inline PageImage textPage(int variant = 0)
{
    PageImage page;
    page.image = textImage(textLines(variant));
    page.resolution = Dpi;
    page.mode = ColorMode::Gray;
    page.index = variant;
    return page;
}

} // namespace dms::ocrpages
