// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/ApplicationStatus.h"

#include "core/Tr.h"

namespace dms {

QString toName(ApplicationStatus status)
{
    switch (status) {
    case ApplicationStatus::Received:
        return QStringLiteral("received");
    case ApplicationStatus::InProgress:
        return QStringLiteral("in_progress");
    case ApplicationStatus::WaitingForApplicant:
        return QStringLiteral("waiting_applicant");
    case ApplicationStatus::Done:
        return QStringLiteral("done");
    case ApplicationStatus::Refused:
        return QStringLiteral("refused");
    }
    return {};
}

std::optional<ApplicationStatus> applicationStatusFromName(const QString &name)
{
    for (ApplicationStatus status :
         {ApplicationStatus::Received, ApplicationStatus::InProgress, ApplicationStatus::WaitingForApplicant,
          ApplicationStatus::Done, ApplicationStatus::Refused}) {
        if (toName(status) == name)
            return status;
    }
    return std::nullopt;
}

QString displayName(ApplicationStatus status)
{
    switch (status) {
    case ApplicationStatus::Received:
        return Tr::tr("Received");
    case ApplicationStatus::InProgress:
        return Tr::tr("In progress");
    case ApplicationStatus::WaitingForApplicant:
        return Tr::tr("Waiting for the applicant");
    case ApplicationStatus::Done:
        return Tr::tr("Done");
    case ApplicationStatus::Refused:
        return Tr::tr("Refused");
    }
    return {};
}

bool isFinal(ApplicationStatus status)
{
    return status == ApplicationStatus::Done || status == ApplicationStatus::Refused;
}

bool canChange(ApplicationStatus from, ApplicationStatus to)
{
    return from != to && !isFinal(from) && to != ApplicationStatus::Received;
}

} // namespace dms
