// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeScannerBackend.h"

namespace dms {

FakeScannerBackend::FakeScannerBackend(const FakeScript &fakeScript)
    : script(fakeScript)
{ }

Result<QList<ScannerInfo>> FakeScannerBackend::devices()
{
    return QList<ScannerInfo> {FakeScanDevice(script, std::make_shared<FakeRecord>()).info()};
}

Result<std::unique_ptr<ScanDevice>> FakeScannerBackend::open(const QString &name)
{
    record->noteCall();
    if (openError)
        return *openError;
    if (name != QStringLiteral("fake:0"))
        return makeError(ErrorCode::NotFound, QStringLiteral("no such scanner"), name);
    return std::unique_ptr<ScanDevice>(std::make_unique<FakeScanDevice>(script, record));
}

} // namespace dms
