// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/ExchangeResendCommand.h"
#include "exchange/ExchangeSendCommand.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "sync/ChangeFeed.h"
#include "sync/ChangeNotifier.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncCommandApplier.h"
#include "sync/SyncExtensions.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace dms::exchange::test {

/** One office as the desks' СЕОС commands see it: its exchange participant @p us, a
 *  desk, the sync applier with "exchange.send" and "exchange.resend" registered, and
 *  (after setUp) a registered outgoing entry with a PDF. */
struct DeskSendOffice
{
    DeskSendOffice(TempDatabase &database, const Participant &us, const QString &p12, const QString &blobDir)
        : db(database)
        , self(us)
        , peer(database, us, p12)
        , blobs(blobDir)
        , applier(database.context(), notifier, blobs, 1 << 20, &extensions)
    {
        extensions.add(ExchangeSendCommand::kind,
                       std::make_shared<ExchangeSendCommand>(database.context(), peer.service()));
        extensions.add(ExchangeResendCommand::kind, std::make_shared<ExchangeResendCommand>(peer.service()));
    }

    /** The desk, the registry copy (us and @p others), the entry and its file. */
    bool setUp(const QList<ParticipantRecord> &others)
    {
        auto added = DeskDirectory(db.context()).add(db.admin, "Гише 1", QString(64, QChar('a')));
        if (!added)
            return false;
        desk = *added;
        QList<ParticipantRecord> records {
            {self.guid, self.identifier, self.name, peer.serialHex(), "https://a.invalid/EGov", true, {}}};
        records += others;
        if (!peer.service().directory().replaceAll(records))
            return false;
        NewRegistration request;
        request.registerId = db.outgoingRegisterId;
        request.document.kind = "Писмо";
        request.document.subject = "Отговор на запитване";
        auto made = RegistrationService(db.context()).registerDocument(db.clerk, request);
        if (!made)
            return false;
        entry = *made;
        QBuffer pdf;
        pdf.setData("%PDF-1.4 signed letter");
        pdf.open(QIODevice::ReadOnly);
        return DocumentService(db.context(), blobs)
            .addFile(db.clerk, made->documentId, "letter.pdf", "application/pdf", pdf)
            .ok();
    }

    static QString newOpId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

    SyncOutcome apply(const Session &session, const QString &kind, const QJsonObject &payload,
                      const QString &id = newOpId())
    {
        return applier.apply(desk, session, {id, kind, payload, {}});
    }

    static QString errorCode(const SyncOutcome &outcome)
    {
        return outcome.json.value("error").toObject().value("code").toString();
    }

    /** The latest "exchange" list the feed published for a registration. */
    static QJsonArray publishedExchange(TempDatabase &database, const QString &registrationId)
    {
        auto page = ChangeFeed::read(*database.shared(), 0, 10'000, true);
        QJsonArray last;
        if (!page)
            return last;
        for (const SyncChange &change : std::as_const(page->changes))
            if (change.entity == "registration" && change.entityId == registrationId)
                last = QJsonDocument::fromJson(change.dataJson).object().value("exchange").toArray();
        return last;
    }

    TempDatabase &db;
    Participant self;
    ExchangePeer peer;
    BlobStore blobs;
    ChangeNotifier notifier;
    SyncExtensions extensions;
    SyncCommandApplier applier;
    Desk desk;
    Registration entry;
};

} // namespace dms::exchange::test
