// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace dms {

/** Where an application for an administrative service stands. */
enum class ApplicationStatus {
    Received, ///< registered; the deadline runs
    InProgress, ///< being handled; the deadline runs
    WaitingForApplicant, ///< irregularities to remove; the deadline is stopped
    Done, ///< the result is ready
    Refused,
};

/** Stable names stored and sent: "received", "in_progress", "waiting_applicant", "done", "refused". */
QString toName(ApplicationStatus status);
std::optional<ApplicationStatus> applicationStatusFromName(const QString &name);
/** The translated name shown to citizens and clerks. */
QString displayName(ApplicationStatus status);
/** Done and refused are final. */
bool isFinal(ApplicationStatus status);
/** Whether an application may move from `from` to `to` (never to itself, never
 *  back to received, never out of a final status). */
bool canChange(ApplicationStatus from, ApplicationStatus to);

} // namespace dms
