// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace dms {

/** Runs poppler-utils and zbar-tools on printed PDFs for the GUI tests. */
struct PdfTools
{
    /** The standard output of @p program; "<failed>" when it did not run or exited with an error. */
    static QString run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0)
            return QStringLiteral("<failed>");
        return QString::fromUtf8(process.readAllStandardOutput());
    }

    static QString text(const QString &pdf)
    {
        return run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    }

    /** Every symbol zbarimg decodes on the first page rasterised at @p dpi, as
     *  "TYPE:data" lines (e.g. "QR-Code:…", "CODE-128:…"). */
    static QStringList barcodes(const QString &pdf, const QString &workDir, int dpi = 300)
    {
        const QString prefix = workDir + QStringLiteral("/page");
        if (run(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-gray"), QStringLiteral("-png"),
                 QStringLiteral("-singlefile"), pdf, prefix})
            == QLatin1String("<failed>"))
            return {};
        QProcess process;
        process.start(QStringLiteral("zbarimg"),
                      {QStringLiteral("--quiet"), prefix + QStringLiteral(".png")});
        if (!process.waitForFinished(30000))
            return {};
        return QString::fromUtf8(process.readAllStandardOutput())
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    static bool haveZbar() { return !QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty(); }
};

} // namespace dms
