// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace dms {

/** Where a resolution stands: open → done or open → cancelled, nothing else. */
enum class ResolutionStatus { Open, Done, Cancelled };

/** The stable name stored in the database: "open", "done" or "cancelled". */
inline QString toName(ResolutionStatus status)
{
    switch (status) {
    case ResolutionStatus::Open:
        return QStringLiteral("open");
    case ResolutionStatus::Done:
        return QStringLiteral("done");
    case ResolutionStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

inline std::optional<ResolutionStatus> resolutionStatusFromName(const QString &name)
{
    for (ResolutionStatus status :
         {ResolutionStatus::Open, ResolutionStatus::Done, ResolutionStatus::Cancelled}) {
        if (toName(status) == name)
            return status;
    }
    return std::nullopt;
}

/** What the author of a resolution (резолюция) fills in. */
struct NewResolution
{
    QString documentId;
    QString executorId; ///< the user responsible for the execution
    QStringList coExecutorIds; ///< further users who take part; not the executor
    QString instruction;
    /** The deadline, if any. Leave invalid to have none or to use workingDays. */
    QDate deadline;
    /** Alternatively: the deadline is this many working days after today
     *  (the office's local date), counted with the office calendar. */
    std::optional<int> workingDays;
};

/** A resolution: an instruction on a document, assigned to an executor. */
struct Resolution
{
    QString id;
    QString documentId;
    QString documentIndex; ///< the document's registration index
    QString authorId;
    QString executorId;
    QStringList coExecutorIds; ///< sorted
    QString instruction;
    QDate deadline; ///< invalid when there is none
    ResolutionStatus status = ResolutionStatus::Open;
    QDateTime createdAt; ///< UTC
    /** When it was completed or cancelled (UTC); invalid while open. */
    QDateTime completedAt;
    /** The executor's report when done; the reason when cancelled. */
    QString completionNote;

    /** Whether it is open with a deadline before `asOf`. */
    bool isOverdue(const QDate &asOf) const
    {
        return status == ResolutionStatus::Open && deadline.isValid() && deadline < asOf;
    }
};

} // namespace dms
