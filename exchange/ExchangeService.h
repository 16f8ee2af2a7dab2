// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/Registration.h"
#include "exchange/MessageVerifier.h"
#include "exchange/Transport.h"
#include "exchange/message/Message.h"
#include "exchange/message/MessageLimits.h"
#include "exchange/message/MessageReader.h"
#include "exchange/store/Inbox.h"
#include "exchange/store/Outbox.h"
#include "exchange/store/ParticipantDirectory.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace dms {
class BlobStore;
struct ServiceContext;
} // namespace dms

namespace dms::exchange {

class MessageSigner;

/** What a received Submit gets back: a reply message (may be empty: "accepted"),
 *  or a SOAP fault when the request itself is unusable. */
struct SubmitOutcome
{
    enum class Kind { Reply, ClientFault, ServerFault };
    Kind kind = Kind::Reply;
    QByteArray reply;
    QString faultText;
};

/** The Article 18 protocol engine of one administration. Incoming: checks a message
 *  (schema and rules, our GUID+identifier as recipient, sender GUID+identifier active
 *  in the registry, signature, certificate serial = registry serial as integers,
 *  MessageGUID not seen with other content) and answers: a registration request
 *  becomes one inbox entry per DocumentGUID, a status request is answered, a status
 *  response updates the document we sent. Outgoing: messages are built, validated,
 *  signed and stored in the outbox, then delivered with retries. Thread-safe as far
 *  as its stores are; the signer must be (or be used from one thread). */
class ExchangeService
{
public:
    ExchangeService(ServiceContext &context, const Participant &self, MessageSigner &signer,
                    MessageVerifier &verifier, MessageLimits limits = {});

    const Participant &self() const { return m_self; }
    ParticipantDirectory &directory() { return m_directory; }
    Inbox &inbox() { return m_inbox; }
    Outbox &outbox() { return m_outbox; }

    /** The blob store for large messages (the server's): receiveFile() decodes
     *  attachments into it and keeps the message there, sendDocument() keeps a message
     *  with file attachments there, and registerIncoming() attaches the received
     *  files from it. Without one, messages are only in memory and the database and
     *  registered documents get no files. Must outlive the service. */
    void setBlobStore(BlobStore *store) { m_blobs = store; }

    /** Sends a document for registration: fills Header (us, the recipient from the
     *  registry, a new MessageGUID), signs, stores in the outbox; the outbox entry id.
     *  Attachments with contentFile are streamed (MessageWriter::writeSpliced) and the
     *  signed message is kept in the blob store, never whole in memory. */
    Result<QString> sendDocument(const QString &recipientGuid, const DocumentRegistrationRequest &request,
                                 const QString &documentId = {});
    /** Asks the receiver for the status of a document we sent. */
    Result<QString> requestStatus(const QString &recipientGuid, const DocumentId &docId);

    /** Delivers every due outbox entry through the transport; the number delivered. */
    Result<int> deliverDue(Transport &transport);

    /** Handles the message of a received Submit. */
    SubmitOutcome receive(const QByteArray &message);
    /** receive() of a message in a file (a big Submit spooled to disk): read by
     *  MessageStreamReader with the attachments decoded into the blob store, then the
     *  same checks; the attachments are named in the store only once the signature
     *  verified, and the message is kept as a blob. Temporary files go next to
     *  @p messageFile. A Server fault without a blob store. */
    SubmitOutcome receiveFile(const QString &messageFile);

    /** The clerk registers an inbox entry in a register: DS_REGISTERED with our number
     *  goes back to the sender. Exactly once per entry. */
    Result<Registration> registerIncoming(const Session &session, const QString &inboxId,
                                          const QString &registerId, const QString &subject = {});
    /** The clerk refuses it: DS_REJECTED with the reason goes back. */
    Status rejectIncoming(const QString &inboxId, const QString &reason);

private:
    Result<QString> enqueue(const QString &recipientGuid, const MessageBody &body,
                            const QString &documentId = {});
    Result<QByteArray> signedReply(const Participant &to, const MessageBody &body);
    QByteArray errorReply(const Participant &to, const QString &messageGuid, const QString &description,
                          bool internal);
    /** A received message's bytes: in memory, or a file (streamed; stored as a blob). */
    struct ReceivedContent
    {
        QByteArray bytes;
        QString file;
        QString sha256;
        /** Names the streamed attachments in the blob store (after the signature). */
        std::function<Status()> commitAttachments;
    };
    /** The checks every incoming message gets (П.4–П.8), then handle(). */
    SubmitOutcome check(const ReceivedMessage &received,
                        const std::function<Result<VerifiedSignature>()> &verify,
                        const ReceivedContent &content);
    SubmitOutcome handle(const ReceivedMessage &received, const ReceivedContent &content,
                         const ParticipantRecord &sender);
    Status acceptReply(const OutboxEntry &entry, const QByteArray &reply);
    /** The registration request of an inbox entry; attachments in the blob store
     *  (contentSha256) when the message is a blob. */
    Result<ReceivedMessage> readEntry(const InboxEntry &entry);
    Status pushStatus(const InboxEntry &entry, const DocumentId *sentId = nullptr);
    /** Attaches the files of a registered incoming document. */
    Status attachFiles(const Session &session, const QString &documentId,
                       const QList<Attachment> &attachments);
    /** Writes a blob-stored message's Submit envelope to a temporary file and posts it. */
    Result<HttpReply> postStored(Transport &transport, const QString &endpointUri, const OutboxEntry &entry);

    ServiceContext &m_context;
    Participant m_self;
    MessageSigner &m_signer;
    MessageVerifier &m_verifier;
    MessageLimits m_limits;
    BlobStore *m_blobs = nullptr;
    ParticipantDirectory m_directory;
    Inbox m_inbox;
    Outbox m_outbox;
};

} // namespace dms::exchange
