// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms {

/** Every failure the libraries report, grouped by area. The values are stable:
 *  they are written to logs and returned by the server's API. */
enum class ErrorCode {
    // general
    InvalidInput = 1,
    NotFound,
    AlreadyExists,
    Conflict,
    PermissionDenied,
    InvalidState,
    Internal,
    Cancelled,
    // storage
    Storage = 100,
    Corrupt,
    SchemaTooNew,
    MigrationChanged,
    // scanning
    FeederEmpty = 200,
    PaperJam,
    CoverOpen,
    DeviceBusy,
    DeviceOffline,
    DeviceIo,
    // signing
    NoToken = 300,
    TokenRemoved,
    WrongPin,
    PinLocked,
    KeyNotFound,
    CertExpired,
    // exchange
    Network = 400,
    Timeout,
    SoapFault,
    SchemaInvalid,
};

/** A stable machine name such as "invalid-input", used by the CLI and in logs. */
const char *errorCodeName(ErrorCode code);

} // namespace dms
