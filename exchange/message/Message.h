// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange/message/DocumentStatus.h"
#include "exchange/message/MessageType.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <variant>

namespace dms::exchange {

/** The value types of an Article 18 message (EGovMessaging.xsd), plain C++ with
 *  the schema's field names. Optional strings are empty when absent. */

/** A participant as named in a message header: ЕИК/БУЛСТАТ, name and СЕОС GUID. */
struct Participant
{
    QString identifier;
    QString name;
    QString guid;
};

/** DocumentNumber: the registration number and date at whoever registered it. */
struct DocumentNumber
{
    QString number;
    QDate date;
    bool isEmpty() const { return number.isEmpty() && !date.isValid(); }
};

/** DocumentURI (segment 0009-000001): register index, sequence number, date. */
struct DocumentUri
{
    QString registerIndex;
    QString sequenceNumber;
    QDate receiptOrSigningDate;
};

/** DocID / DocParentID: an optional number or URI, and the shared DocumentGUID. */
struct DocumentId
{
    enum class Kind { None, Number, Uri };
    Kind kind = Kind::None;
    DocumentNumber number;
    DocumentUri uri;
    QString guid;
};

struct Correspondent
{
    enum class Kind { Unspecified, Applicant, Other };
    QString name;
    QString city;
    QString address;
    QString egn;
    QString idCard;
    QString bulstat;
    QString email;
    QString phone;
    QString mobilePhone;
    QString mol;
    QString comment;
    Kind kind = Kind::Unspecified;
};

/** An attachment, decoded. File names never carry path components (checked on receipt). */
struct Attachment
{
    QString fileName;
    QByteArray content;
    QString comment;
    QString mimeType;
    /** Large content kept in a file instead of `content` (which is then empty): sent
     *  streamed from it (MessageWriter::writeSpliced()); after a streamed receipt
     *  (MessageStreamReader) the blob the content was decoded into. */
    QString contentFile {};
    /** After a streamed receipt: the SHA-256 (lowercase hex) and size of the content. */
    QString contentSha256 {};
    qint64 contentSize = 0;
};

struct ServiceItem
{
    QString name;
    QString type;
    QString code;
};

struct DocumentRegistrationRequest
{
    DocumentId docId;
    bool hasParent = false;
    DocumentId parentId;
    QString kind;
    QList<Correspondent> correspondents;
    QList<Attachment> attachments;
    QString about;
    bool hasService = false;
    ServiceItem service;
    QString docComment;
    QDate requestedCloseDate;
    QString attentionTo;
    /** The required Comment of the request (may be empty). */
    QString comment;
};

struct DocumentStatusRequest
{
    DocumentId docId;
};

struct DocumentStatusResponse
{
    /** The number at the receiver of the document, and its DocumentGUID. */
    DocumentId docId;
    DocumentStatus status = DocumentStatus::WaitRegistration;
    QString rejectionReason;
    QDate expectedCloseDate;
};

struct ErrorNotice
{
    enum class Type { Internal, External };
    /** The offending message's GUID; may be empty. */
    QString messageGuid;
    Type type = Type::External;
    QString description;
};

using MessageBody
    = std::variant<DocumentRegistrationRequest, DocumentStatusRequest, DocumentStatusResponse, ErrorNotice>;

struct MessageHeader
{
    QString version = QStringLiteral("1.0");
    MessageType type = MessageType::DocumentRegistrationRequest;
    QDateTime date;
    Participant sender;
    Participant recipient;
    QString messageGuid;
};

struct Message
{
    MessageHeader header;
    MessageBody body;

    /** The type the body implies; a header naming another type is refused on receipt. */
    MessageType bodyType() const { return static_cast<MessageType>(body.index()); }
};

} // namespace dms::exchange
