// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Correspondent.h"

#include <QCoreApplication>

namespace dms {

QString toName(CorrespondentKind kind)
{
    switch (kind) {
    case CorrespondentKind::Citizen:
        return QStringLiteral("citizen");
    case CorrespondentKind::Company:
        return QStringLiteral("company");
    case CorrespondentKind::Administration:
        return QStringLiteral("administration");
    }
    return {};
}

QString displayName(CorrespondentKind kind)
{
    switch (kind) {
    case CorrespondentKind::Citizen:
        return QCoreApplication::translate("dms", "Citizen");
    case CorrespondentKind::Company:
        return QCoreApplication::translate("dms", "Company");
    case CorrespondentKind::Administration:
        return QCoreApplication::translate("dms", "Administration");
    }
    return {};
}

std::optional<CorrespondentKind> correspondentKindFromName(const QString &name)
{
    for (CorrespondentKind kind : allCorrespondentKinds()) {
        if (toName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QList<CorrespondentKind> allCorrespondentKinds()
{
    return {CorrespondentKind::Citizen, CorrespondentKind::Company, CorrespondentKind::Administration};
}

} // namespace dms
