// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Vocabulary.h"

#include <QDate>
#include <QDateTime>
#include <QString>

namespace dms {

/** What the clerk fills in for a new document. */
struct DocumentDraft
{
    QString kind; ///< e.g. "Заявление", "Писмо", "Жалба"
    QString subject;
    QString correspondentId; ///< optional
    Channel channel = Channel::Counter;
    int pageCount = 0;
    AccessLevel accessLevel = AccessLevel::Internal;
    QString classificationId; ///< optional heading of the file plan
    QString fullText; ///< text for search (typed, extracted or OCR), optional
};

/** A request to register a document. */
struct NewRegistration
{
    QString registerId; ///< required unless joining a case
    DocumentDraft document;
    /** Join an existing case file: the entry takes a follow-up number under the
     *  case's base registration (e.g. 2118/1) in the base's register. */
    QString caseId;
    /** Open a new case file with this registration as its base. */
    bool openCase = false;
    QString caseTitle; ///< defaults to the subject
    /** A number of the register reserved earlier (a desk's leased block, see
     *  sync/NumberLeases) in `reservedYear`; 0 takes the next from the counter. */
    qint64 reservedNumber = 0;
    int reservedYear = 0;
};

/** An entry of a register: immutable but for a one-time annulment. */
struct Registration
{
    QString id;
    QString registerId;
    int year = 0;
    qint64 number = 0;
    int subNumber = 0;
    QString index;
    QDateTime registeredAt; ///< UTC, from the server's clock
    QDate registeredOn; ///< local date printed in the index
    QString documentId;
    QString baseRegistrationId; ///< for follow-ups
    QString caseId; ///< the case file the document belongs to, if any
    QString registeredBy;
    RegistrationStatus status = RegistrationStatus::Active;
    QDateTime annulledAt;
    QString annulledBy;
    QString annulReason;
};

} // namespace dms
