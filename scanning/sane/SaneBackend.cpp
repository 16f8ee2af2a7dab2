// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaneBackend.h"

#include "SaneDevice.h"
#include "SaneLibrary.h"
#include "SaneStatus.h"
#include "core/Tr.h"

namespace dms {

SaneBackend::SaneBackend()
    : SaneBackend(SaneLibrary::system())
{ }

SaneBackend::SaneBackend(const SaneLibrary &library)
    : m_library(std::make_unique<SaneLibrary>(library))
    , m_runtime(std::make_shared<SaneRuntime>(library))
{ }

SaneBackend::~SaneBackend() = default;

Result<QList<ScannerInfo>> SaneBackend::devices()
{
    if (!m_runtime->status().ok())
        return m_runtime->status().error();
    const SANE_Device **list = nullptr;
    const SANE_Status status = m_library->getDevices(&list, SANE_FALSE);
    if (status != SANE_STATUS_GOOD)
        return saneError(status, QStringLiteral("sane_get_devices"));
    QList<ScannerInfo> result;
    for (const SANE_Device **device = list; device && *device; ++device) {
        ScannerInfo info;
        info.name = QString::fromUtf8((*device)->name);
        info.vendor = QString::fromUtf8((*device)->vendor);
        info.model = QString::fromUtf8((*device)->model);
        info.type = QString::fromUtf8((*device)->type);
        result.append(info);
    }
    return result;
}

Result<std::unique_ptr<ScanDevice>> SaneBackend::open(const QString &name)
{
    if (!m_runtime->status().ok())
        return m_runtime->status().error();
    if (name.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("No scanner was chosen."));
    SANE_Handle handle = nullptr;
    const QByteArray utf8 = name.toUtf8();
    const SANE_Status status = m_library->open(utf8.constData(), &handle);
    if (status != SANE_STATUS_GOOD)
        return saneError(status, QStringLiteral("sane_open ") + name);
    ScannerInfo info;
    info.name = name;
    return std::unique_ptr<ScanDevice>(std::make_unique<SaneDevice>(*m_library, m_runtime, handle, info));
}

} // namespace dms
