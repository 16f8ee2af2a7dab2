// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageWriter.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace dms::exchange;

namespace {

Message registrationRequest()
{
    Message m;
    m.header.date = QDateTime(QDate(2026, 3, 2), QTime(9, 30, 0, 250), Qt::UTC);
    m.header.sender = {"000000001", "Администрация А", "{11111111-1111-4111-8111-111111111111}"};
    m.header.recipient = {"000000002", "Администрация Б", "{22222222-2222-4222-8222-222222222222}"};
    m.header.messageGuid = ExchangeGuid::create();
    DocumentRegistrationRequest r;
    r.docId.kind = DocumentId::Kind::Number;
    r.docId.number = {"СОА26-ВК66-17", QDate(2026, 3, 2)};
    r.docId.guid = ExchangeGuid::create();
    r.hasParent = true;
    r.parentId.kind = DocumentId::Kind::Uri;
    r.parentId.uri = {"94", "12", QDate(2026, 2, 1)};
    r.parentId.guid = ExchangeGuid::create();
    r.kind = "Писмо";
    Correspondent c;
    c.name = "Мария & Иван <Петрови>";
    c.city = "София";
    c.kind = Correspondent::Kind::Other;
    r.correspondents = {c};
    r.attachments = {{"писмо.pdf", QByteArray("%PDF-1.7\r\n\x00\x01\x02", 13), "основен", "application/pdf"}};
    r.about = "Относно\r\nдва реда";
    r.hasService = true;
    r.service = {"Услуга", "Нормална", "2133"};
    r.requestedCloseDate = QDate(2026, 4, 1);
    r.comment = "";
    m.body = r;
    return m;
}

QList<Message> everyType()
{
    QList<Message> all {registrationRequest()};
    Message status = registrationRequest();
    status.body = DocumentStatusRequest {std::get<DocumentRegistrationRequest>(status.body).docId};
    all.append(status);
    Message response = registrationRequest();
    response.body = DocumentStatusResponse {std::get<DocumentRegistrationRequest>(response.body).docId,
                                            DocumentStatus::Rejected, "Непълни данни", QDate()};
    all.append(response);
    Message error = registrationRequest();
    error.body = ErrorNotice {ExchangeGuid::create(), ErrorNotice::Type::Internal, "База данни"};
    all.append(error);
    return all;
}

} // namespace

class tst_MessageWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const Message original = registrationRequest();
        auto bytes = MessageWriter::write(original);
        QVERIFY2(bytes.ok(), qPrintable(bytes.error().toString()));
        QVERIFY(bytes->startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        QVERIFY2(!bytes->contains('\r'), "carriage returns must be escaped");
        QVERIFY(bytes->contains("&#13;"));
        QVERIFY(bytes->contains("<MessageType>MSG_DocumentRegistrationRequest</MessageType>"));
        auto read = MessageReader().read(*bytes);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        const Message &m = read->message;
        QCOMPARE(m.header.date, original.header.date);
        QCOMPARE(m.header.messageGuid, original.header.messageGuid);
        const auto &a = std::get<DocumentRegistrationRequest>(original.body);
        const auto &b = std::get<DocumentRegistrationRequest>(m.body);
        QCOMPARE(b.docId.number.number, a.docId.number.number);
        QCOMPARE(b.parentId.uri.sequenceNumber, a.parentId.uri.sequenceNumber);
        QCOMPARE(b.correspondents[0].name, a.correspondents[0].name);
        QCOMPARE(b.attachments[0].content, a.attachments[0].content);
        QCOMPARE(b.attachments[0].fileName, a.attachments[0].fileName);
        QCOMPARE(b.about, a.about);
        QCOMPARE(b.service.code, a.service.code);
        QCOMPARE(b.requestedCloseDate, a.requestedCloseDate);
    }

    void headerTypeFollowsBody()
    {
        for (const Message &m : everyType()) {
            auto bytes = MessageWriter::write(m);
            QVERIFY2(bytes.ok(), qPrintable(bytes.error().toString()));
            auto read = MessageReader().read(*bytes);
            QVERIFY2(read.ok(), qPrintable(read.error().toString()));
            QCOMPARE(int(read->message.header.type), int(m.bodyType()));
        }
    }

    void invalidMessageIsNotWritten()
    {
        Message m = registrationRequest();
        m.header.messageGuid = "not-a-guid";
        auto bytes = MessageWriter::write(m);
        QVERIFY(!bytes.ok());
        QCOMPARE(bytes.error().code, ErrorCode::SchemaInvalid);
    }

    /** The independent oracle: xmllint against the official schema set. */
    void xmllintAcceptsEveryType()
    {
        QTemporaryDir dir;
        QStringList files;
        int n = 0;
        for (const Message &m : everyType()) {
            auto bytes = MessageWriter::write(m);
            QVERIFY(bytes.ok());
            const QString path = dir.filePath(QString("m%1.xml").arg(n++));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(*bytes);
            files << path;
        }
        QProcess xmllint;
        xmllint.start("xmllint",
                      QStringList {"--noout", "--nonet", "--schema",
                                   QStringLiteral(DMS_EXCHANGE_SCHEMA_DIR "/validation-wrapper.xsd")}
                          + files);
        QVERIFY(xmllint.waitForFinished(30000));
        QVERIFY2(xmllint.exitCode() == 0, xmllint.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(tst_MessageWriter)
#include "tst_MessageWriter.moc"
