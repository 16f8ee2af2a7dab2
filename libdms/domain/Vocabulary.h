// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace dms {

/** The closed vocabularies of the registry, with the stable names the database
 *  and the APIs use and the translated names people see. */

enum class RegisterKind { Incoming, Outgoing, Internal, Orders };
enum class Channel { Counter, Post, Email, Seos, Ssev, EService, Internal };
enum class AccessLevel { Public, Internal, Restricted };
enum class RegistrationStatus { Active, Annulled };

QString toName(RegisterKind kind);
QString toName(Channel channel);
QString toName(AccessLevel level);
QString toName(RegistrationStatus status);

QString displayName(RegisterKind kind);
QString displayName(Channel channel);
QString displayName(AccessLevel level);
QString displayName(RegistrationStatus status);

std::optional<RegisterKind> registerKindFromName(const QString &name);
std::optional<Channel> channelFromName(const QString &name);
std::optional<AccessLevel> accessLevelFromName(const QString &name);
std::optional<RegistrationStatus> registrationStatusFromName(const QString &name);

QList<RegisterKind> allRegisterKinds();
QList<Channel> allChannels();
QList<AccessLevel> allAccessLevels();

} // namespace dms
