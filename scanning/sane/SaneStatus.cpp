// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaneStatus.h"

#include "core/Tr.h"

namespace dms {

Error saneError(SANE_Status status, const QString &call)
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    switch (status) {
    case SANE_STATUS_NO_DOCS:
        code = ErrorCode::FeederEmpty;
        message = Tr::tr("The document feeder is empty.");
        break;
    case SANE_STATUS_JAMMED:
        code = ErrorCode::PaperJam;
        message = Tr::tr("The paper is jammed in the scanner.");
        break;
    case SANE_STATUS_COVER_OPEN:
        code = ErrorCode::CoverOpen;
        message = Tr::tr("The scanner cover is open.");
        break;
    case SANE_STATUS_DEVICE_BUSY:
        code = ErrorCode::DeviceBusy;
        message = Tr::tr("The scanner is busy.");
        break;
    case SANE_STATUS_IO_ERROR:
        code = ErrorCode::DeviceIo;
        message = Tr::tr("The scanner stopped responding (input/output error).");
        break;
    case SANE_STATUS_CANCELLED:
        code = ErrorCode::Cancelled;
        message = Tr::tr("Scanning was cancelled.");
        break;
    case SANE_STATUS_INVAL:
        code = ErrorCode::InvalidInput;
        message = Tr::tr("The scanner refused the settings.");
        break;
    case SANE_STATUS_UNSUPPORTED:
        code = ErrorCode::InvalidInput;
        message = Tr::tr("The scanner does not support this operation.");
        break;
    case SANE_STATUS_ACCESS_DENIED:
        code = ErrorCode::PermissionDenied;
        message = Tr::tr("Access to the scanner was denied.");
        break;
    case SANE_STATUS_NO_MEM:
        code = ErrorCode::Internal;
        message = Tr::tr("The scanner driver ran out of memory.");
        break;
    case SANE_STATUS_GOOD:
    case SANE_STATUS_EOF:
        code = ErrorCode::Internal;
        message = Tr::tr("The scanner driver reported an unexpected state.");
        break;
    }
    if (message.isEmpty())
        message = Tr::tr("The scanner driver reported an unknown error.");
    const QString detail = call + QStringLiteral(": ") + QString::fromUtf8(sane_strstatus(status))
        + QStringLiteral(" (SANE status ") + QString::number(int(status)) + QLatin1Char(')');
    return Error {code, message, detail};
}

} // namespace dms
