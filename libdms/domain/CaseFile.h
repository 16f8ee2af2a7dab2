// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Vocabulary.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace dms {

/** Whether a case file (преписка) still takes documents. */
enum class CaseStatus { Open, Closed };

/** The stable name stored in the database: "open" or "closed". */
inline QString toName(CaseStatus status)
{
    return status == CaseStatus::Open ? QStringLiteral("open") : QStringLiteral("closed");
}

inline std::optional<CaseStatus> caseStatusFromName(const QString &name)
{
    if (name == QLatin1String("open"))
        return CaseStatus::Open;
    if (name == QLatin1String("closed"))
        return CaseStatus::Closed;
    return std::nullopt;
}

/** A document of a case file, as listed in the case. */
struct CaseDocument
{
    QString documentId;
    QString registrationId;
    QString index; ///< the registration index, e.g. "СОА20-ДИ05-1/1/11.09.2020"
    QString kind;
    /** Empty (and subjectHidden set) for a restricted document when the reader
     *  may not read restricted documents. */
    QString subject;
    bool subjectHidden = false;
    AccessLevel accessLevel = AccessLevel::Internal;
    RegistrationStatus registrationStatus = RegistrationStatus::Active;
    QDateTime registeredAt; ///< UTC
    QDateTime addedAt; ///< when it joined the case, UTC
    QString addedBy; ///< user id
};

/** A case file: the documents of one matter under the base registration that
 *  opened it. */
struct CaseFile
{
    QString id;
    QString baseRegistrationId;
    QString baseIndex;
    QString title;
    QString classificationId; ///< heading of the file plan, if any
    CaseStatus status = CaseStatus::Open;
    QDateTime openedAt; ///< UTC
    QDateTime closedAt; ///< UTC; invalid while open
    QString createdBy; ///< user id
    int documentCount = 0;
    /** In registration order (base first, then follow-ups and attached
     *  documents by time); filled by CaseService::get() and findByIndex() only. */
    QList<CaseDocument> documents;
};

} // namespace dms
