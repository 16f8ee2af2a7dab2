// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace dms {

/** An outgoing document routed for signature (docs/sync.md, "Routing for
 *  signature"): the draft a clerk prepared, the official who is to sign it and
 *  what became of it. Status names: "awaiting", "signed", "returned",
 *  "withdrawn"; send status: empty (not to be sent), "queued", "not-sent". */
struct SigningRoute
{
    QString id;
    QString title;
    QString note;
    QString registerId;
    QString kind;
    QString accessLevel;
    QString recipientGuid; ///< the СЕОС recipient the author chose, or empty
    QString fileName;
    QString draftSha256;
    QString authorId;
    QString authorName;
    QString signerId;
    QString signerName;
    QString status;
    QString reason; ///< why it was returned or withdrawn
    QString signedSha256;
    QString registrationId;
    QString registrationIndex;
    QString sendStatus;
    QString sendNote;
    QDateTime createdAt;
    QDateTime decidedAt;

    bool isAwaiting() const { return status == QLatin1String("awaiting"); }
};

} // namespace dms
