// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/ImportBackend.h"

#include "core/Tr.h"
#include "scanning/import/ImportDevice.h"

namespace dms {

const QString ImportBackend::DeviceName = QStringLiteral("import:files");

ImportBackend::ImportBackend(QStringList files, const ImportLimits &limits)
    : m_files(std::move(files))
    , m_limits(limits)
{ }

Result<QList<ScannerInfo>> ImportBackend::devices()
{
    return QList<ScannerInfo> {ImportDevice(m_files, m_limits).info()};
}

Result<std::unique_ptr<ScanDevice>> ImportBackend::open(const QString &name)
{
    if (name != DeviceName)
        return makeError(ErrorCode::NotFound, Tr::tr("There is no scanner \"%1\".").arg(name));
    return std::unique_ptr<ScanDevice>(std::make_unique<ImportDevice>(m_files, m_limits));
}

} // namespace dms
