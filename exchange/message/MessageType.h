// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace dms::exchange {

/** Header/MessageType. The order matches the alternatives of MessageBody. */
enum class MessageType {
    DocumentRegistrationRequest,
    DocumentStatusRequest,
    DocumentStatusResponse,
    Error,
};

/** The wire name, e.g. "MSG_DocumentRegistrationRequest". */
QString messageTypeName(MessageType type);
std::optional<MessageType> messageTypeFromName(const QString &name);

} // namespace dms::exchange
