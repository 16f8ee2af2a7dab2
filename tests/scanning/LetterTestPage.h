// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The shipped gray text page: a one-page Bulgarian letter, A4 at 300 dpi, used by
// bench_scanning and tst_PaperBackground for the page-size goals (bitonal
// <= 36 KB, gray JPEG <= 300 KB). Drawing text needs a QGuiApplication.

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>

namespace dms::letterpage {

/** Words of the letter a recognisable page must still give back. */
inline QStringList keyWords()
{
    return {QStringLiteral("КМЕТА"),      QStringLiteral("СТОЛИЧНА"), QStringLiteral("удостоверение"),
            QStringLiteral("наследници"), QStringLiteral("Пловдив"),  QStringLiteral("Агенцията"),
            QStringLiteral("пълномощно")};
}

/** A one-page letter of an applicant to the municipality, A4 at 300 dpi, gray,
 *  on off-white paper; `noise` adds ±2 levels of sensor noise (fixed seed), as
 *  an unfiltered CCD would. */
inline QImage letterPage(bool noise)
{
    QImage page(2480, 3508, QImage::Format_Grayscale8);
    page.fill(246);
    page.setDotsPerMeterX(11811);
    page.setDotsPerMeterY(11811);
    QPainter painter(&page);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(QColor(25, 25, 25));
    QFont font(QStringLiteral("DejaVu Serif"));
    font.setPixelSize(50);
    painter.setFont(font);
    const auto mm = [](double v) {
        return int(v * 300 / 25.4);
    };
    int y = mm(30);
    const auto line = [&](const QString &text, int x = 25) {
        painter.drawText(QPointF(mm(x), y), text);
        y += 75;
    };
    line(QStringLiteral("ДО"), 110);
    line(QStringLiteral("КМЕТА НА СТОЛИЧНА ОБЩИНА"), 110);
    line(QStringLiteral("ул. „Московска“ № 33, гр. София 1000"), 110);
    y += 150;
    font.setBold(true);
    painter.setFont(font);
    line(QStringLiteral("З А Я В Л Е Н И Е"), 85);
    font.setBold(false);
    painter.setFont(font);
    line(QStringLiteral("за издаване на удостоверение за наследници"), 55);
    y += 75;
    line(QStringLiteral("от Мария Петрова Иванова, живуща в гр. София, ж.к. „Младост 1“, бл. 12, вх. А"));
    y += 75;
    const QStringList paragraph = {
        QStringLiteral("Уважаеми господин Кмете,"),
        QStringLiteral("Моля да ми бъде издадено удостоверение за наследници на починалия ми баща"),
        QStringLiteral("Петър Иванов Петров, роден на 12.03.1941 г. в гр. Пловдив и починал на"),
        QStringLiteral("08.09.2020 г. в гр. София, с последен постоянен адрес в район „Младост“."),
        QStringLiteral("Удостоверението ми е необходимо пред Агенцията по вписванията, нотариус и"),
        QStringLiteral("банкови институции във връзка с уреждане на наследствени имотни отношения."),
        QStringLiteral("Прилагам копие от акта за смърт, документ за платена такса и пълномощно."),
        QStringLiteral("Желая удостоверението да ми бъде изпратено по електронен път на посочения"),
        QStringLiteral("от мен адрес, а при невъзможност – да го получа лично в центъра за"),
        QStringLiteral("административно обслужване на район „Младост“ в указания срок."),
        QStringLiteral("Декларирам, че посочените от мен данни са верни и актуални към датата на"),
        QStringLiteral("подаване на заявлението. Запозната съм с обработването на личните данни."),
    };
    for (const QString &text : paragraph)
        line(text);
    y += 150;
    line(QStringLiteral("Приложения: 1. Акт за смърт; 2. Платежен документ; 3. Пълномощно."));
    y += 150;
    line(QStringLiteral(
        "Дата: 08.09.2020 г.                                Подпис: ........................"));
    // A handwritten-looking signature.
    QPainterPath signature;
    signature.moveTo(mm(150), y - 40);
    for (int i = 0; i < 6; ++i)
        signature.cubicTo(mm(152 + i * 5), y - 160, mm(154 + i * 5), y + 40, mm(156 + i * 5), y - 60);
    painter.setPen(QPen(QColor(20, 30, 90), 6));
    painter.drawPath(signature);
    painter.end();
    if (!noise)
        return page;
    QRandomGenerator random(20260901);
    for (int row = 0; row < page.height(); ++row) {
        uchar *pixels = page.scanLine(row);
        for (int x = 0; x < page.width(); ++x)
            pixels[x] = uchar(std::clamp(int(pixels[x]) + int(random.bounded(5)) - 2, 0, 255));
    }
    return page;
}

} // namespace dms::letterpage
