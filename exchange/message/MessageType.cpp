// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/MessageType.h"

#include <array>

namespace dms::exchange {

namespace {

constexpr std::array<std::pair<MessageType, const char *>, 4> s_names {{
    {MessageType::DocumentRegistrationRequest, "MSG_DocumentRegistrationRequest"},
    {MessageType::DocumentStatusRequest, "MSG_DocumentStatusRequest"},
    {MessageType::DocumentStatusResponse, "MSG_DocumentStatusResponse"},
    {MessageType::Error, "MSG_Error"},
}};

} // namespace

QString messageTypeName(MessageType type)
{
    for (const auto &[value, name] : s_names) {
        if (value == type)
            return QLatin1String(name);
    }
    return {};
}

std::optional<MessageType> messageTypeFromName(const QString &name)
{
    for (const auto &[value, text] : s_names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace dms::exchange
