// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace dms::exchange {

/** DocRegStatus: the status of a document at its receiver (EGovMessaging.xsd). */
enum class DocumentStatus {
    WaitRegistration,
    Registered,
    Rejected,
    Stopped,
    Closed,
    NotFound,
    AlreadyReceived,
};

/** The wire name, e.g. "DS_REGISTERED". */
QString documentStatusName(DocumentStatus status);
std::optional<DocumentStatus> documentStatusFromName(const QString &name);

} // namespace dms::exchange
