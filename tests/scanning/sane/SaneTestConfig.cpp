// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaneTestConfig.h"

#include <QDir>
#include <QFile>

namespace dms {

namespace {

QString writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace

QString useSaneTestBackend(const QString &directory, const QByteArray &extraOptions)
{
    if (!QDir().mkpath(directory))
        return QStringLiteral("cannot create %1").arg(directory);
    QString error = writeFile(directory + QStringLiteral("/dll.conf"), "test\n");
    if (!error.isEmpty())
        return error;
    QByteArray options
        = "number_of_devices 2\nmode Gray\ndepth 8\nresolution_min 1.0\nresolution_max 1200.0\n"
          "resolution_quant 1.0\nresolution 75.0\ngeometry_min 0.0\ngeometry_max 300.0\n"
          "geometry_quant 1.0\ntl_x 0.0\ntl_y 0.0\nbr_x 210.0\nbr_y 297.0\n";
    if (!extraOptions.isEmpty())
        options += extraOptions.endsWith('\n') ? extraOptions : extraOptions + '\n';
    error = writeFile(directory + QStringLiteral("/test.conf"), options);
    if (!error.isEmpty())
        return error;
    qputenv("SANE_CONFIG_DIR", QFile::encodeName(directory));
    return {};
}

} // namespace dms
