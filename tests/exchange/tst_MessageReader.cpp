// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/MessageReader.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace dms;
using namespace dms::exchange;

namespace {

QByteArray sample(const QString &name)
{
    QFile file(QStringLiteral(DMS_EXCHANGE_TEST_DATA "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    return file.readAll();
}

QByteArray request()
{
    return sample("DocumentRegistrationRequest.synthetic.xml");
}

QByteArray replaced(QByteArray bytes, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(bytes.contains(from));
    return bytes.replace(from, to);
}

} // namespace

class tst_MessageReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySampleParses_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("signedMessage");
        const QDir dir(QStringLiteral(DMS_EXCHANGE_TEST_DATA));
        int rows = 0;
        for (const QString &file : dir.entryList({"*.xml"}, QDir::Files)) {
            if (file.startsWith("Registry-") || file.startsWith("Submit"))
                continue; // SOAP envelopes, not messages
            const int type = file.contains("RegistrationRequest")
                ? int(MessageType::DocumentRegistrationRequest)
                : file.contains("StatusRequest")  ? int(MessageType::DocumentStatusRequest)
                : file.contains("StatusResponse") ? int(MessageType::DocumentStatusResponse)
                                                  : int(MessageType::Error);
            QTest::newRow(qPrintable(file))
                << file << type << (file.contains("signed") || file.startsWith("log"));
            ++rows;
        }
        QCOMPARE(rows, 10); // 4 real + 6 synthetic
    }
    void everySampleParses()
    {
        QFETCH(QString, file);
        QFETCH(int, type);
        QFETCH(bool, signedMessage);
        auto read = MessageReader().read(sample(file));
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(int(read->message.header.type), type);
        QCOMPARE(read->hasSignature, signedMessage);
        QVERIFY(read->message.header.date.isValid());
        QVERIFY(!read->message.header.sender.guid.isEmpty());
    }

    void registrationRequestFields()
    {
        auto read = MessageReader().read(request());
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        const MessageHeader &h = read->message.header;
        QCOMPARE(h.version, QString("1.0"));
        QCOMPARE(h.sender.identifier, QString("000000001"));
        QCOMPARE(h.recipient.name, QString("Тестова администрация Б"));
        QCOMPARE(h.messageGuid, QString("{33333333-3333-4333-8333-333333333333}"));
        QCOMPARE(h.date, QDateTime(QDate(2024, 5, 14), QTime(7, 15, 30, 123), Qt::UTC));
        const auto &r = std::get<DocumentRegistrationRequest>(read->message.body);
        QCOMPARE(int(r.docId.kind), int(DocumentId::Kind::Number));
        QCOMPARE(r.docId.number.number, QString("94-00-17"));
        QCOMPARE(r.docId.number.date, QDate(2024, 5, 14));
        QCOMPARE(r.docId.guid, QString("{44444444-4444-4444-8444-444444444444}"));
        QVERIFY(r.hasParent);
        QCOMPARE(int(r.parentId.kind), int(DocumentId::Kind::Uri));
        QCOMPARE(r.parentId.uri.registerIndex, QString("94"));
        QCOMPARE(r.parentId.uri.sequenceNumber, QString("12"));
        QCOMPARE(r.parentId.uri.receiptOrSigningDate, QDate(2024, 5, 2));
        QCOMPARE(r.kind, QString("Писмо"));
        QCOMPARE(r.correspondents.size(), 1);
        QCOMPARE(r.correspondents[0].name, QString("Иван Петров"));
        QCOMPARE(int(r.correspondents[0].kind), int(Correspondent::Kind::Applicant));
        QCOMPARE(r.attachments.size(), 1);
        QCOMPARE(r.attachments[0].fileName, QString("pismo.txt"));
        QCOMPARE(QString::fromUtf8(r.attachments[0].content), QString("Тестово писмо.\n"));
        QCOMPARE(r.attachments[0].mimeType, QString("text/plain"));
        QCOMPARE(r.requestedCloseDate, QDate(2024, 6, 14));
        QCOMPARE(r.comment, QString("Изпратено автоматично"));
    }

    void realMessageWithSevenFractionDigits()
    {
        auto read = MessageReader().read(sample("log.txt_msg1_MSG_DocumentStatusResponse.xml"));
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        const auto &response = std::get<DocumentStatusResponse>(read->message.body);
        QCOMPARE(int(response.status), int(DocumentStatus::WaitRegistration));
        QVERIFY(read->message.header.date.isValid());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("detail");
        const QByteArray req = request();
        QTest::newRow("not xml") << QByteArray("not xml at all") << "";
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("truncated") << req.left(req.size() / 2) << "";
        QTest::newRow("schema: DocKind missing")
            << replaced(req, "<DocKind>Писмо</DocKind>", "") << "DocKind";
        QTest::newRow("schema: bad GUID")
            << replaced(req, "{33333333-3333-4333-8333-333333333333}", "33333333-3333-4333-8333-333333333333")
            << "MessageGUID";
        QTest::newRow("schema: unknown type")
            << replaced(req, "<MessageType>MSG_DocumentRegistrationRequest", "<MessageType>MSG_Other") << "";
        QTest::newRow("schema: other root") << QByteArray("<Message xmlns=\"urn:other\"/>") << "root";
        QTest::newRow("pairing") << replaced(req, "<MessageType>MSG_DocumentRegistrationRequest",
                                             "<MessageType>MSG_DocumentStatusRequest")
                                 << "does not match the body";
        QTest::newRow("version 2") << replaced(req, "<Version>1.0</Version>", "<Version>2.0</Version>")
                                   << "version";
        const QByteArray att = "<AttFileName>pismo.txt</AttFileName>";
        for (const char *name : {"../pismo.txt", "dir/pismo.txt", "/etc/passwd", "C:\\x.txt", "dir\\a.txt",
                                 "..", "a&#10;b.txt", " "}) {
            QTest::newRow(qPrintable(QStringLiteral("file name %1").arg(QLatin1String(name))))
                << replaced(req, att, "<AttFileName>" + QByteArray(name) + "</AttFileName>") << "file name";
        }
        QTest::newRow("bad base64 (schema)")
            << replaced(req, "0KLQtdGB0YLQvtCy0L4g0L/QuNGB0LzQvi4K", "0KLQtdGB0YL*vtCy0L4g0L/QuNGB0LzQvi4K")
            << "";
        QTest::newRow("bad base64 padding")
            << replaced(req, "0KLQtdGB0YLQvtCy0L4g0L/QuNGB0LzQvi4K", "0KLQtdGB0YLQvtCy0L4g0L/QuNGB0LzQvi4")
            << "";
        QTest::newRow("xxe")
            << ("<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + replaced(req.mid(req.indexOf("<Message")), "<DocKind>Писмо", "<DocKind>&x;"))
            << "DOCTYPE";
        QTest::newRow("xxe external dtd")
            << ("<?xml version=\"1.0\"?><!DOCTYPE Message SYSTEM \"http://127.0.0.1:1/x.dtd\">"
                + req.mid(req.indexOf("<Message")))
            << "DOCTYPE";
        QByteArray laughs = "<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY a \"aaaaaaaaaa\">";
        for (char c = 'b'; c <= 'k'; ++c) {
            const QByteArray previous = QByteArray("&") + char(c - 1) + ';';
            laughs += QByteArray("<!ENTITY ") + c + " \"" + previous.repeated(10) + "\">";
        }
        laughs += "]>" + replaced(req.mid(req.indexOf("<Message")), "<DocKind>Писмо", "<DocKind>&k;");
        QTest::newRow("entity expansion") << laughs << "DOCTYPE";
        // Signature wrapping: a second message or a second or moved signature.
        const QByteArray signedReq = sample("DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml");
        const int sigStart = signedReq.indexOf("<Signature");
        const QByteArray signature = signedReq.mid(sigStart, signedReq.indexOf("</Message>") - sigStart);
        QTest::newRow("wrapping: second signature in DocAddData")
            << replaced(signedReq, "</DocComment>", "</DocComment><DocAddData>" + signature + "</DocAddData>")
            << "Signature";
        QTest::newRow("wrapping: nested unsigned message")
            << replaced(signedReq, "</DocComment>",
                        "</DocComment><DocAddData>" + req.mid(req.indexOf("<Message")) + "</DocAddData>")
            << "nested Message";
        QTest::newRow("wrapping: signature moved into Document")
            << replaced(replaced(signedReq, signature, ""), "</Document>", signature + "</Document>")
            << "Signature";
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, detail);
        auto read = MessageReader().read(bytes);
        QVERIFY(!read.ok());
        QVERIFY2(read.error().code == ErrorCode::InvalidInput
                     || read.error().code == ErrorCode::SchemaInvalid,
                 qPrintable(read.error().toString()));
        QVERIFY2(read.error().detail.contains(detail, Qt::CaseInsensitive),
                 qPrintable(read.error().toString()));
    }

    void oversizedRefusedBeforeParsing()
    {
        MessageLimits limits;
        limits.maxMessageBytes = 1000;
        auto read = MessageReader(limits).read(request());
        QVERIFY(!read.ok());
        QVERIFY2(read.error().detail.contains("limit"), qPrintable(read.error().toString()));
    }

    void base64WithLineBreaksAccepted()
    {
        auto read = MessageReader().read(replaced(request(), "0KLQtdGB0YLQvtCy", "0KLQtdGB\n0YLQvtCy"));
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
    }
};

QTEST_GUILESS_MAIN(tst_MessageReader)
#include "tst_MessageReader.moc"
