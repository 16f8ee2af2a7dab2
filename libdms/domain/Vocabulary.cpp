// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Vocabulary.h"

#include <QCoreApplication>

namespace dms {

namespace {
template<class E>
std::optional<E> fromName(const QString &name, const QList<E> &all)
{
    for (E value : all) {
        if (toName(value) == name)
            return value;
    }
    return std::nullopt;
}
} // namespace

QString toName(RegisterKind kind)
{
    switch (kind) {
    case RegisterKind::Incoming:
        return QStringLiteral("incoming");
    case RegisterKind::Outgoing:
        return QStringLiteral("outgoing");
    case RegisterKind::Internal:
        return QStringLiteral("internal");
    case RegisterKind::Orders:
        return QStringLiteral("orders");
    }
    return {};
}

QString toName(Channel channel)
{
    switch (channel) {
    case Channel::Counter:
        return QStringLiteral("counter");
    case Channel::Post:
        return QStringLiteral("post");
    case Channel::Email:
        return QStringLiteral("email");
    case Channel::Seos:
        return QStringLiteral("seos");
    case Channel::Ssev:
        return QStringLiteral("ssev");
    case Channel::EService:
        return QStringLiteral("eservice");
    case Channel::Internal:
        return QStringLiteral("internal");
    }
    return {};
}

QString toName(AccessLevel level)
{
    switch (level) {
    case AccessLevel::Public:
        return QStringLiteral("public");
    case AccessLevel::Internal:
        return QStringLiteral("internal");
    case AccessLevel::Restricted:
        return QStringLiteral("restricted");
    }
    return {};
}

QString toName(RegistrationStatus status)
{
    return status == RegistrationStatus::Active ? QStringLiteral("active") : QStringLiteral("annulled");
}

QString displayName(RegisterKind kind)
{
    switch (kind) {
    case RegisterKind::Incoming:
        return QCoreApplication::translate("dms", "Incoming");
    case RegisterKind::Outgoing:
        return QCoreApplication::translate("dms", "Outgoing");
    case RegisterKind::Internal:
        return QCoreApplication::translate("dms", "Internal");
    case RegisterKind::Orders:
        return QCoreApplication::translate("dms", "Orders");
    }
    return {};
}

QString displayName(Channel channel)
{
    switch (channel) {
    case Channel::Counter:
        return QCoreApplication::translate("dms", "At the counter");
    case Channel::Post:
        return QCoreApplication::translate("dms", "By post");
    case Channel::Email:
        return QCoreApplication::translate("dms", "By e-mail");
    case Channel::Seos:
        return QCoreApplication::translate("dms", "СЕОС");
    case Channel::Ssev:
        return QCoreApplication::translate("dms", "ССЕВ");
    case Channel::EService:
        return QCoreApplication::translate("dms", "E-service");
    case Channel::Internal:
        return QCoreApplication::translate("dms", "Internal");
    }
    return {};
}

QString displayName(AccessLevel level)
{
    switch (level) {
    case AccessLevel::Public:
        return QCoreApplication::translate("dms", "Public");
    case AccessLevel::Internal:
        return QCoreApplication::translate("dms", "Internal");
    case AccessLevel::Restricted:
        return QCoreApplication::translate("dms", "Restricted");
    }
    return {};
}

QString displayName(RegistrationStatus status)
{
    return status == RegistrationStatus::Active ? QCoreApplication::translate("dms", "Active")
                                                : QCoreApplication::translate("dms", "Annulled");
}

QList<RegisterKind> allRegisterKinds()
{
    return {RegisterKind::Incoming, RegisterKind::Outgoing, RegisterKind::Internal, RegisterKind::Orders};
}

QList<Channel> allChannels()
{
    return {Channel::Counter, Channel::Post,     Channel::Email,   Channel::Seos,
            Channel::Ssev,    Channel::EService, Channel::Internal};
}

QList<AccessLevel> allAccessLevels()
{
    return {AccessLevel::Public, AccessLevel::Internal, AccessLevel::Restricted};
}

std::optional<RegisterKind> registerKindFromName(const QString &name)
{
    return fromName(name, allRegisterKinds());
}

std::optional<Channel> channelFromName(const QString &name)
{
    return fromName(name, allChannels());
}

std::optional<AccessLevel> accessLevelFromName(const QString &name)
{
    return fromName(name, allAccessLevels());
}

std::optional<RegistrationStatus> registrationStatusFromName(const QString &name)
{
    return fromName(name,
                    QList<RegistrationStatus> {RegistrationStatus::Active, RegistrationStatus::Annulled});
}

} // namespace dms
