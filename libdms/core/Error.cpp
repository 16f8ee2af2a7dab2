// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Error.h"

namespace dms {

QString Error::toString() const
{
    if (detail.isEmpty() || detail == message)
        return message;
    return message + QStringLiteral(" (") + detail + QLatin1Char(')');
}

const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return "invalid-input";
    case ErrorCode::NotFound:
        return "not-found";
    case ErrorCode::AlreadyExists:
        return "already-exists";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::PermissionDenied:
        return "permission-denied";
    case ErrorCode::InvalidState:
        return "invalid-state";
    case ErrorCode::Internal:
        return "internal";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Storage:
        return "storage";
    case ErrorCode::Corrupt:
        return "corrupt";
    case ErrorCode::SchemaTooNew:
        return "schema-too-new";
    case ErrorCode::MigrationChanged:
        return "migration-changed";
    case ErrorCode::FeederEmpty:
        return "feeder-empty";
    case ErrorCode::PaperJam:
        return "paper-jam";
    case ErrorCode::CoverOpen:
        return "cover-open";
    case ErrorCode::DeviceBusy:
        return "device-busy";
    case ErrorCode::DeviceOffline:
        return "device-offline";
    case ErrorCode::DeviceIo:
        return "device-io";
    case ErrorCode::NoToken:
        return "no-token";
    case ErrorCode::TokenRemoved:
        return "token-removed";
    case ErrorCode::WrongPin:
        return "wrong-pin";
    case ErrorCode::PinLocked:
        return "pin-locked";
    case ErrorCode::KeyNotFound:
        return "key-not-found";
    case ErrorCode::CertExpired:
        return "cert-expired";
    case ErrorCode::Network:
        return "network";
    case ErrorCode::Timeout:
        return "timeout";
    case ErrorCode::SoapFault:
        return "soap-fault";
    case ErrorCode::SchemaInvalid:
        return "schema-invalid";
    }
    return "unknown";
}

} // namespace dms
