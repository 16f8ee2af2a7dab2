// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/DocumentStatus.h"

#include <array>

namespace dms::exchange {

namespace {

constexpr std::array<std::pair<DocumentStatus, const char *>, 7> s_names {{
    {DocumentStatus::WaitRegistration, "DS_WAIT_REGISTRATION"},
    {DocumentStatus::Registered, "DS_REGISTERED"},
    {DocumentStatus::Rejected, "DS_REJECTED"},
    {DocumentStatus::Stopped, "DS_STOPPED"},
    {DocumentStatus::Closed, "DS_CLOSED"},
    {DocumentStatus::NotFound, "DS_NOT_FOUND"},
    {DocumentStatus::AlreadyReceived, "DS_ALREADY_RECEIVED"},
}};

} // namespace

QString documentStatusName(DocumentStatus status)
{
    for (const auto &[value, name] : s_names) {
        if (value == status)
            return QLatin1String(name);
    }
    return {};
}

std::optional<DocumentStatus> documentStatusFromName(const QString &name)
{
    for (const auto &[value, text] : s_names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace dms::exchange
