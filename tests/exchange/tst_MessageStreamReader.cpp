// SPDX-License-Identifier: GPL-3.0-or-later
// Streamed messages: MessageWriter::writeSpliced + signSpliced on the sending side,
// MessageStreamReader + verifySpliced on the receiving side. The reference digest
// over the spliced canonical form must equal libxml2's C14N of the whole message
// for every sample; what we send verifies with xmlsec1 and validates with xmllint.
#include "ExchangePeer.h"
#include "TestClock.h"
#include "exchange/SoapEnvelope.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageStreamReader.h"
#include "exchange/message/MessageWriter.h"
#include "signing/xml/XmlCanonicalizer.h"
#include "signing/xml/XmlParser.h"
#include "storage/BlobStore.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>

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

/** SHA-256 of the inclusive C14N of the document minus its enveloped Signature, by libxml2. */
QByteArray referenceDigest(const QByteArray &bytes, const QList<SplicedContent::Part> &parts = {})
{
    auto doc = XmlParser::parse(bytes, 1LL << 30);
    if (!doc)
        return {};
    xmlNode *root = xmlDocGetRootElement(doc->get());
    xmlNode *signature = nullptr;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE
            && xmlStrEqual(n->name, reinterpret_cast<const xmlChar *>("Signature")))
            signature = n;
    }
    auto canonical
        = XmlCanonicalizer::canonicalize(doc->get(), nullptr, signature, XmlCanonicalizer::Method::Inclusive);
    if (!canonical)
        return {};
    auto hash = SplicedContent::hash(*canonical, parts, QCryptographicHash::Sha256);
    return hash ? *hash : QByteArray();
}

int filesUnder(const QString &dir)
{
    int count = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

/** A field of /proc/self/status in kB (VmHWM: peak resident set, VmRSS: current). */
long statusKb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

/** Starts a new peak: "5" in clear_refs resets VmHWM to the current VmRSS (Linux >= 4.0, glibc). */
bool resetPeakRss()
{
    malloc_trim(0); // free heap left by earlier tests would otherwise hide new allocations
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

/** A file of @p size pseudo-random bytes, written in pieces. */
QString makeContent(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (qint64 written = 0; written < size; written += chunk.size()) {
        for (char &c : chunk) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            c = char(x);
        }
        file.write(chunk.constData(), qMin<qint64>(chunk.size(), size - written));
    }
    return path;
}

int run(const QString &program, const QStringList &arguments, QByteArray *errors)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return -1;
    *errors = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

/** The unsigned synthetic request with its AttBody text replaced by @p body (raw XML). */
QByteArray withAttachmentBody(const QByteArray &body)
{
    QByteArray bytes = sample("DocumentRegistrationRequest.synthetic.xml");
    const qsizetype start = bytes.indexOf("<AttBody>") + 9;
    const qsizetype end = bytes.indexOf("</AttBody>");
    if (start < 9 || end < start)
        qFatal("sample without AttBody");
    return bytes.replace(start, end - start, body);
}

} // namespace

class tst_MessageStreamReader : public QObject
{
    Q_OBJECT

    TestClock m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<BlobStore> m_store;

    Result<StreamedReceipt> readStreamed(const QByteArray &bytes, MessageLimits limits = {})
    {
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        return MessageStreamReader(*m_store, limits).read(buffer);
    }

    Message bigMessage(const QString &contentFile, const QByteArray &small)
    {
        Message m;
        m.header.date = m_clock.now();
        m.header.sender = {"000000001", "А", "{11111111-1111-4111-8111-111111111111}"};
        m.header.recipient = {"000000002", "Б", "{22222222-2222-4222-8222-222222222222}"};
        m.header.messageGuid = ExchangeGuid::create();
        DocumentRegistrationRequest request;
        request.docId.guid = ExchangeGuid::create();
        request.kind = "Писмо";
        Attachment big {"big.bin", {}, {}, "application/octet-stream"};
        big.contentFile = contentFile;
        request.attachments = {big, {"small.txt", small, "бележка", "text/plain"}};
        m.body = request;
        return m;
    }

private Q_SLOTS:
    void initTestCase() { m_clock.set(QDateTime::currentDateTimeUtc().addSecs(60)); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<BlobStore>(m_dir->filePath("blobs"));
    }

    void splicedDigestEqualsLibxml2_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        for (const char *name :
             {"DocumentRegistrationRequest.synthetic.xml",
              "DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml",
              "DocumentRegistrationRequest.synthetic.signed-rsa-sha256.xml",
              "DocumentStatusRequest.synthetic.xml", "DocumentStatusResponse.registered.synthetic.xml",
              "Error.synthetic.xml", "log.txt_msg1_MSG_DocumentStatusResponse.xml",
              "log.txt_msg2_MSG_DocumentStatusResponse.xml", "log.txt_msg3_MSG_DocumentStatusResponse.xml",
              "log.txt_msg4_MSG_DocumentStatusResponse.xml"})
            QTest::newRow(name) << sample(QString::fromLatin1(name));
        // Text the canonical form escapes or splits: CR as a reference, CRLF and tab
        // line breaks, character references for letters, a CDATA section, empty content.
        QTest::newRow("CR LF wrapped") << withAttachmentBody("SGVs&#13;\nbG8g\r\nd29y\tbGQ=\n");
        QTest::newRow("character references") << withAttachmentBody("&#83;GVsbG8=");
        QTest::newRow("CDATA") << withAttachmentBody("SGVs<![CDATA[bG8g]]>d29ybGQ=");
        QTest::newRow("empty") << withAttachmentBody("");
        QTest::newRow("blank") << withAttachmentBody("  \n ");
    }
    void splicedDigestEqualsLibxml2()
    {
        QFETCH(QByteArray, bytes);
        auto streamed = readStreamed(bytes);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        const QByteArray expected = referenceDigest(bytes);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(referenceDigest(streamed->signedForm().skeleton(), streamed->signedForm().parts()),
                 expected);

        // The same values as the whole-message reader, attachment by attachment.
        auto whole = MessageReader().read(bytes);
        QVERIFY(whole.ok());
        QCOMPARE(streamed->received().message.header.messageGuid, whole->message.header.messageGuid);
        QCOMPARE(streamed->received().hasSignature, whole->hasSignature);
        QVERIFY(streamed->commitAttachments().ok());
        const auto *request = std::get_if<DocumentRegistrationRequest>(&streamed->received().message.body);
        const auto *wholeRequest = std::get_if<DocumentRegistrationRequest>(&whole->message.body);
        QCOMPARE(bool(request), bool(wholeRequest));
        if (!request)
            return;
        QCOMPARE(request->attachments.size(), wholeRequest->attachments.size());
        for (qsizetype i = 0; i < request->attachments.size(); ++i) {
            const Attachment &a = request->attachments.at(i);
            QCOMPARE(a.fileName, wholeRequest->attachments.at(i).fileName);
            QVERIFY(a.content.isEmpty());
            QCOMPARE(a.contentSize, wholeRequest->attachments.at(i).content.size());
            QCOMPARE(a.contentSha256,
                     QString::fromLatin1(QCryptographicHash::hash(wholeRequest->attachments.at(i).content,
                                                                  QCryptographicHash::Sha256)
                                             .toHex()));
            QFile stored(a.contentFile);
            QVERIFY(stored.open(QIODevice::ReadOnly));
            QCOMPARE(stored.readAll(), wholeRequest->attachments.at(i).content);
        }
    }

    void referenceSignaturesVerifyStreamed_data()
    {
        QTest::addColumn<QString>("file");
        for (int i = 1; i <= 4; ++i)
            QTest::newRow(qPrintable(QString("real %1").arg(i)))
                << QString("log.txt_msg%1_MSG_DocumentStatusResponse.xml").arg(i);
        QTest::newRow("synthetic sha1") << "DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml";
        QTest::newRow("synthetic sha256") << "DocumentRegistrationRequest.synthetic.signed-rsa-sha256.xml";
    }
    void referenceSignaturesVerifyStreamed()
    {
        QFETCH(QString, file);
        auto streamed = readStreamed(sample(file));
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        XmlDsigMessageVerifier verifier(m_clock);
        auto verified = verifier.verifySpliced(streamed->signedForm());
        QVERIFY2(verified.ok(), qPrintable(verified.error().toString()));
    }

    void tamperedSyntheticAttachmentFails()
    {
        // Still valid base64 of the same length, so only the digest can tell.
        QByteArray bytes = sample("DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml");
        const qsizetype at = bytes.indexOf("<AttBody>") + 9;
        bytes[at] = bytes.at(at) == 'A' ? 'B' : 'A';
        auto streamed = readStreamed(bytes);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        XmlDsigMessageVerifier verifier(m_clock);
        QVERIFY(!verifier.verifySpliced(streamed->signedForm()).ok());
        QVERIFY(!verifier.verify(bytes).ok());
    }

    void sentSplicedVerifiesEverywhere()
    {
        const QString p12 = dms::exchange::test::makeTransportCertificate(m_dir->path(), "000000001");
        QVERIFY(!p12.isEmpty());
        auto key = SoftwareSigningKey::fromPkcs12File(p12, "test", m_clock);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        XmlDsigMessageSigner signer(**key, m_clock);
        const QString content = makeContent(m_dir->filePath("content.bin"), 3 * 1024 * 1024 + 1);
        auto spliced = MessageWriter::writeSpliced(bigMessage(content, "малък"));
        QVERIFY2(spliced.ok(), qPrintable(spliced.error().toString()));
        QCOMPARE(spliced->parts().size(), 1);
        QVERIFY(spliced->skeleton().size() < 4096);
        auto signedMessage = signer.signSpliced(*spliced);
        QVERIFY2(signedMessage.ok(), qPrintable(signedMessage.error().toString()));
        const QString path = m_dir->filePath("signed.xml");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(signedMessage->writeTo(out).ok());
        out.close();
        QCOMPARE(out.size(), *signedMessage->size());

        // The oracles: xmlsec1 verifies, xmllint validates, the whole-message path agrees.
        QByteArray errors;
        QVERIFY2(
            run("xmlsec1", {"--verify", "--insecure", "--enabled-reference-uris", "empty", path}, &errors)
                == 0,
            errors.constData());
        QVERIFY2(run("xmllint",
                     {"--noout", "--nonet", "--huge", "--schema",
                      QStringLiteral(DMS_EXCHANGE_SCHEMA_DIR "/validation-wrapper.xsd"), path},
                     &errors)
                     == 0,
                 errors.constData());
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QByteArray whole = out.readAll();
        out.close();
        XmlDsigMessageVerifier verifier(m_clock);
        QVERIFY(verifier.verify(whole).ok());

        // Received streamed from the file: verified, then stored under the content's hash.
        QVERIFY(out.open(QIODevice::ReadOnly));
        auto streamed = MessageStreamReader(*m_store).read(out);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        QVERIFY(verifier.verifySpliced(streamed->signedForm()).ok());
        QFile original(content);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QString sha256 = QString::fromLatin1(
            QCryptographicHash::hash(original.readAll(), QCryptographicHash::Sha256).toHex());
        QVERIFY(!m_store->contains(sha256)); // nothing named before the signature is known good
        QVERIFY(streamed->commitAttachments().ok());
        QVERIFY(m_store->contains(sha256));
        const auto &attachments
            = std::get<DocumentRegistrationRequest>(streamed->received().message.body).attachments;
        QCOMPARE(attachments.at(0).contentSha256, sha256);
        QCOMPARE(attachments.at(0).contentSize, original.size());
        QFile small(attachments.at(1).contentFile);
        QVERIFY(small.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(small.readAll()), QStringLiteral("малък"));

        // One changed base64 character in the big attachment: read, but never verified.
        QByteArray tampered = whole;
        const qsizetype at = tampered.indexOf("<AttBody>") + 1000;
        tampered[at] = tampered.at(at) == 'A' ? 'B' : 'A';
        auto forged = readStreamed(tampered);
        QVERIFY2(forged.ok(), qPrintable(forged.error().toString()));
        QVERIFY(!verifier.verifySpliced(forged->signedForm()).ok());
    }

    /** The SOAP framing streamed both ways, equal to the in-memory framing. */
    void soapStreamedBothWays()
    {
        const QString p12 = dms::exchange::test::makeTransportCertificate(m_dir->path(), "000000001");
        auto key = SoftwareSigningKey::fromPkcs12File(p12, "test", m_clock);
        QVERIFY(key.ok());
        XmlDsigMessageSigner signer(**key, m_clock);
        const QString content = makeContent(m_dir->filePath("content.bin"), 1024 * 1024);
        auto spliced = MessageWriter::writeSpliced(bigMessage(content, "a < b & c > d\r\n"));
        QVERIFY(spliced.ok());
        auto signedMessage = signer.signSpliced(*spliced);
        QVERIFY(signedMessage.ok());
        QFile envelope(m_dir->filePath("envelope.xml"));
        QVERIFY(envelope.open(QIODevice::WriteOnly));
        QVERIFY(SoapEnvelope::writeSubmitRequest(*signedMessage, envelope).ok());
        envelope.close();
        const QByteArray whole = *signedMessage->toByteArray();
        QVERIFY(envelope.open(QIODevice::ReadOnly));
        QCOMPARE(envelope.readAll(), SoapEnvelope::submitRequest(whole));

        envelope.seek(0);
        QFile message(m_dir->filePath("message.xml"));
        QVERIFY(message.open(QIODevice::WriteOnly));
        QVERIFY(SoapEnvelope::extractSubmitRequest(envelope, message, 1LL << 30).ok());
        message.close();
        QVERIFY(message.open(QIODevice::ReadOnly));
        QCOMPARE(message.readAll(), whole);
        message.seek(0);
        auto streamed = MessageStreamReader(*m_store).read(message);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        QVERIFY(XmlDsigMessageVerifier(m_clock).verifySpliced(streamed->signedForm()).ok());
    }

    void soapRefusals_data()
    {
        QTest::addColumn<QByteArray>("envelope");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("detail");
        const QByteArray good = SoapEnvelope::submitRequest(sample("DocumentStatusRequest.synthetic.xml"));
        QTest::newRow("truncated") << good.left(good.size() / 2) << 0LL << "line";
        QByteArray badEscape = good;
        badEscape.replace("&lt;Header&gt;", "&lt;Header&gt&amp;");
        QTest::newRow("malformed escape") << badEscape.replace("&gt&amp;", "&gt;&am") << 0LL << "line";
        QByteArray element = good;
        QTest::newRow("element in request")
            << element.replace("<request>", "<request><x/>") << 0LL << "element";
        QByteArray twice = good;
        twice.replace(
            "</Submit>",
            "</Submit><Submit xmlns=\"http://services.egov.bg/messaging/\"><request>x</request></Submit>");
        QTest::newRow("two requests") << twice << 0LL << "more than one";
        QTest::newRow("doctype") << QByteArray("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>")
                + good.mid(good.indexOf("<s:Envelope"))
                                 << 0LL << "DOCTYPE";
        QByteArray otherRoot = good;
        QTest::newRow("not SOAP") << otherRoot.replace("schemas.xmlsoap.org/soap/envelope/", "example.org/")
                                  << 0LL << "Envelope";
        QByteArray noRequest = good;
        QTest::newRow("no request") << noRequest.replace("request>", "reqest>") << 0LL << "no Submit/request";
        QTest::newRow("over the limit") << good << qint64(good.size() - 1) << "more than";
        QTest::newRow("empty") << QByteArray() << 0LL << "empty";
    }
    void soapRefusals()
    {
        QFETCH(QByteArray, envelope);
        QFETCH(qint64, limit);
        QFETCH(QString, detail);
        QBuffer in(&envelope);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray extracted;
        QBuffer out(&extracted);
        QVERIFY(out.open(QIODevice::WriteOnly));
        auto status = SoapEnvelope::extractSubmitRequest(in, out, limit > 0 ? limit : 1LL << 30);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().detail.contains(detail), qPrintable(status.error().toString()));
    }

    /** A well-formed envelope whose escaped message is not: the message reader refuses it. */
    void malformedEscapedMessage()
    {
        QByteArray envelope
            = SoapEnvelope::submitRequest("<Message xmlns=\"http://schemas.egov.bg/messaging/v1\"><Header>");
        QBuffer in(&envelope);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray extracted;
        QBuffer out(&extracted);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(SoapEnvelope::extractSubmitRequest(in, out, 1LL << 20).ok());
        auto streamed = readStreamed(extracted);
        QVERIFY(!streamed.ok());
        QVERIFY(streamed.error().message.contains("well-formed"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("detail");
        const QByteArray good = sample("DocumentRegistrationRequest.synthetic.xml");
        QTest::newRow("comment in AttBody") << withAttachmentBody("SGVs<!-- x -->bG8=") << 0LL << "comment";
        QTest::newRow("PI in AttBody") << withAttachmentBody("SGVs<?x y?>bG8=") << 0LL << "processing";
        QTest::newRow("element in AttBody") << withAttachmentBody("SGVs<b>bG8=</b>") << 0LL << "element";
        QTest::newRow("bad base64") << withAttachmentBody("SGVs*bG8=") << 0LL << "base64";
        QTest::newRow("truncated base64") << withAttachmentBody("SGVsbG8") << 0LL << "base64";
        QTest::newRow("truncated message") << good.left(good.indexOf("</AttBody>") - 10) << 0LL << "line";
        QTest::newRow("doctype") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY x SYSTEM "
                                               "\"file:///etc/passwd\">]>")
                + good.mid(good.indexOf("<Message"))
                                 << 0LL << "DOCTYPE";
        QTest::newRow("over the size limit") << good << qint64(good.size() - 1) << "more than";
        QTest::newRow("empty") << QByteArray() << 0LL << "empty";
        QTest::newRow("not XML") << QByteArray("Submit") << 0LL << "line";
        QByteArray wrapped = good;
        wrapped.replace("</Body>", "</Body><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/><Body/>");
        QTest::newRow("schema") << wrapped << 0LL << "";
    }
    void refusals()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, limit);
        QFETCH(QString, detail);
        MessageLimits limits;
        if (limit > 0)
            limits.maxMessageBytes = limit;
        auto streamed = readStreamed(bytes, limits);
        QVERIFY(!streamed.ok());
        QVERIFY2(streamed.error().detail.contains(detail), qPrintable(streamed.error().toString()));
        QCOMPARE(filesUnder(m_store->rootDir()), 0);
    }

    void tooManyAttachments()
    {
        MessageLimits limits;
        limits.maxAttachments = 1;
        const QString content = makeContent(m_dir->filePath("content.bin"), 10);
        auto bytes = MessageWriter::write(bigMessage(content, "x"));
        QVERIFY(bytes.ok());
        auto streamed = readStreamed(*bytes, limits);
        QVERIFY(!streamed.ok());
        QVERIFY(streamed.error().detail.contains("limit 1"));
    }

    /** 20 MB through write, sign, read and verify: the peak grows by far less than
     *  the attachment (the whole-message path needs several copies of it). */
    void memoryStaysBounded()
    {
        const QString p12 = dms::exchange::test::makeTransportCertificate(m_dir->path(), "000000001");
        auto key = SoftwareSigningKey::fromPkcs12File(p12, "test", m_clock);
        QVERIFY(key.ok());
        XmlDsigMessageSigner signer(**key, m_clock);
        XmlDsigMessageVerifier verifier(m_clock);
        const qint64 size = 20 * 1024 * 1024;
        const QString content = makeContent(m_dir->filePath("content.bin"), size);
        if (!resetPeakRss())
            QSKIP("the peak RSS of this process cannot be reset here");
        const long before = statusKb("VmRSS");
        QVERIFY(before > 0);
        auto spliced = MessageWriter::writeSpliced(bigMessage(content, "x"));
        QVERIFY(spliced.ok());
        auto signedMessage = signer.signSpliced(*spliced);
        QVERIFY(signedMessage.ok());
        QFile file(m_dir->filePath("message.xml"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(signedMessage->writeTo(file).ok());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QDir().mkpath(m_dir->filePath("work")));
        auto streamed = MessageStreamReader(*m_store, {}, m_dir->filePath("work")).read(file);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        QVERIFY2(streamed->signedForm().parts().at(0).path.startsWith(m_dir->filePath("work/dms-message-")),
                 qPrintable(streamed->signedForm().parts().at(0).path));
        QVERIFY(verifier.verifySpliced(streamed->signedForm()).ok());
        QVERIFY(streamed->commitAttachments().ok());
        const long growthKb = statusKb("VmHWM") - before;
        qInfo("peak RSS grew by %ld kB for a %lld kB attachment", growthKb, size / 1024);
        QVERIFY2(growthKb < 8 * 1024, qPrintable(QString::number(growthKb)));
        QCOMPARE(std::get<DocumentRegistrationRequest>(streamed->received().message.body)
                     .attachments.at(0)
                     .contentSize,
                 size);
    }
};

QTEST_GUILESS_MAIN(tst_MessageStreamReader)
#include "tst_MessageStreamReader.moc"
