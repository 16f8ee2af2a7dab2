// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eservices/ApplicationStatus.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace dms {

/** A file sent with an application; `signature` is a detached CAdES (.p7s)
 *  signature of `content` when the applicant signed it. */
struct ApplicationAttachment
{
    QString type; ///< the code of a required attachment, or another code
    QString name;
    QString mediaType;
    QByteArray content;
    QByteArray signature; ///< DER or PEM CMS; empty when unsigned
};

/** Who applies: a citizen with an ЕГН or an entity with an ЕИК. */
struct Applicant
{
    enum class Kind { Citizen, Company };
    Kind kind = Kind::Citizen;
    QString egn;
    QString eik;
    QString name;
    QString email;
};

/** An application as the e-service portal submits it. */
struct ApplicationRequest
{
    QString clientReference; ///< the portal's own reference (idempotency key)
    QString serviceIisdaNumber;
    QString subject;
    Applicant applicant;
    QList<ApplicationAttachment> attachments;
};

/** The answer to a submission. */
struct ApplicationReceipt
{
    QString applicationId;
    QString registrationIndex;
    QString accessCode; ///< shown once; a repeated identical submission gets it again
    QDate deadline;
    ApplicationStatus status = ApplicationStatus::Received;
    bool repeated = false; ///< an earlier identical submission answered again
};

/** One change of status, as shown to the citizen. */
struct ApplicationStatusEvent
{
    ApplicationStatus status = ApplicationStatus::Received;
    QDateTime at; ///< UTC
    QDate deadline; ///< the deadline after the change; invalid while stopped
};

/** A document of the application's case file, without subject or names. */
struct PublicCaseDocument
{
    QString index;
    QDateTime registeredAt; ///< UTC
};

/** What the citizen may see with index and access code: no names, no personal numbers. */
struct PublicApplicationStatus
{
    QString registrationIndex;
    QString serviceName;
    QString serviceIisdaNumber;
    ApplicationStatus status = ApplicationStatus::Received;
    QDateTime receivedAt; ///< UTC
    QDate deadline; ///< invalid while stopped or after a final status
    int remainingWorkingDays = -1; ///< while stopped; -1 otherwise
    QList<ApplicationStatusEvent> history; ///< oldest first
    bool caseOpen = true;
    QList<PublicCaseDocument> caseDocuments;
};

} // namespace dms
