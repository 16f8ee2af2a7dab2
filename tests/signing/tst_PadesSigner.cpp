// SPDX-License-Identifier: GPL-3.0-or-later
#include "pades/PadesTestEnvironment.h"
#include "signing/pades/PadesSigner.h"
#include "signing/pades/PadesVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dms;
using namespace dms::test::pades;
using dms::test::readAll;
using dms::test::writeFile;

namespace {

QString describe(const QList<SignatureReport> &reports)
{
    QStringList lines;
    for (const SignatureReport &report : reports)
        lines.append(QStringLiteral("%1/%2 %3 errors [%4]")
                         .arg(SignatureReport::indicationName(report.indication),
                              SignatureReport::subIndicationName(report.subIndication), report.format,
                              report.errors.join(QLatin1String(" | "))));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class tst_PadesSigner : public QObject
{
    Q_OBJECT

private:
    QList<SignatureReport> verify(const QString &path)
    {
        PadesVerifier verifier(m_env.cades);
        return verifier.verifyFile(path).valueOr({});
    }

    /** qpdf --check passes without warnings. */
    void checkQpdf(const QString &path)
    {
        const ToolResult check = run(QStringLiteral("qpdf"), {QStringLiteral("--check"), path});
        QVERIFY2(check.exitCode == 0 && !check.output.contains(QLatin1String("WARNING")),
                 qPrintable(check.output));
    }

    PadesTestEnvironment m_env;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_env.setUp();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void cleanupTestCase() { m_env.tearDown(); }

    void signsValidPades_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("timestamped");
        QTest::addColumn<bool>("objectStreams");
        for (const char *key : {"rsa", "ec", "software"}) {
            for (bool timestamped : {false, true}) {
                for (bool objectStreams : {false, true})
                    QTest::addRow("%s %s %s", key, timestamped ? "B-T" : "B-B",
                                  objectStreams ? "xref stream" : "xref table")
                        << QString::fromLatin1(key) << timestamped << objectStreams;
            }
        }
    }

    void signsValidPades()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, timestamped);
        QFETCH(bool, objectStreams);
        const QString input = m_env.makePdf(QStringLiteral("in.pdf"), objectStreams);
        QVERIFY(!input.isEmpty());
        const QString output = m_env.file(QStringLiteral("signed.pdf"));
        auto signer = m_env.signer(keyName, timestamped);
        QVERIFY(signer);
        PadesSignOptions options;
        options.reason = QStringLiteral("Вярно с оригинала");
        options.location = QStringLiteral("София");
        const Status signedOk = signer->signFile(input, output, options);
        QVERIFY2(signedOk.ok(), qPrintable(signedOk.error().toString()));

        // An incremental update: the original bytes are untouched.
        const QByteArray original = readAll(input);
        const QByteArray result = readAll(output);
        QVERIFY(result.startsWith(original));
        const QByteArray update = result.mid(original.size());
        QCOMPARE(update.contains("/Type /XRef"), objectStreams);
        QCOMPARE(update.contains("\nxref\n"), !objectStreams);
        QVERIFY(update.contains("/Prev "));
        QVERIFY(update.contains("/SubFilter /ETSI.CAdES.detached"));
        QVERIFY(!update.contains("/Contents <0000")); // the CMS was written in
        checkQpdf(output);

        // The independent oracle.
        const ToolResult oracle = m_env.pdfsig(output);
        QVERIFY2(oracle.output.contains(QLatin1String("Signature is Valid")), qPrintable(oracle.output));
        QVERIFY2(oracle.output.contains(QLatin1String("Total document signed")), qPrintable(oracle.output));
        QVERIFY2(oracle.output.contains(QLatin1String("ETSI.CAdES.detached")), qPrintable(oracle.output));

        const auto reports = verify(output);
        QCOMPARE(reports.size(), 1);
        QVERIFY2(reports.first().isPassed(), qPrintable(describe(reports)));
        QCOMPARE(reports.first().format,
                 timestamped ? QStringLiteral("PAdES-BASELINE-T") : QStringLiteral("PAdES-BASELINE-B"));
        QCOMPARE(reports.first().signingTimeFromTimestamp, timestamped);
        QVERIFY(reports.first().signingTime.isValid());
    }

    void secondSignatureKeepsFirstValid_data()
    {
        QTest::addColumn<bool>("objectStreams");
        QTest::addRow("xref table") << false;
        QTest::addRow("xref stream") << true;
    }

    void secondSignatureKeepsFirstValid()
    {
        QFETCH(bool, objectStreams);
        const QString input = m_env.makePdf(QStringLiteral("two.pdf"), objectStreams);
        const QString once = m_env.file(QStringLiteral("once.pdf"));
        const QString twice = m_env.file(QStringLiteral("twice.pdf"));
        QVERIFY(m_env.signer(QStringLiteral("software"), false)->signFile(input, once).ok());
        QVERIFY(m_env.signer(QStringLiteral("ec"), true)->signFile(once, twice).ok());
        checkQpdf(twice);
        QVERIFY(readAll(twice).startsWith(readAll(once)));

        const ToolResult oracle = m_env.pdfsig(twice);
        QCOMPARE(oracle.output.count(QLatin1String("Signature is Valid")), 2);
        QVERIFY2(oracle.output.contains(QLatin1String("Total document signed")), qPrintable(oracle.output));

        const auto reports = verify(twice);
        QCOMPARE(reports.size(), 2);
        QVERIFY2(reports.at(0).isPassed() && reports.at(1).isPassed(), qPrintable(describe(reports)));
        QVERIFY2(!reports.at(0).notes.filter(QStringLiteral("signature field was added")).isEmpty(),
                 qPrintable(reports.at(0).notes.join(QLatin1Char('|'))));
        const QByteArray fields
            = run(QStringLiteral("qpdf"),
                  {QStringLiteral("--json"), QStringLiteral("--json-key=acroform"), twice})
                  .output.toUtf8();
        QVERIFY(fields.contains("Signature1") && fields.contains("Signature2"));
    }

    void signsInPlaceAndWithoutFinalNewline()
    {
        QByteArray pdf = simplePdf();
        pdf.chop(1); // "%%EOF" without an end of line
        const QString path = m_env.file(QStringLiteral("inplace.pdf"));
        QVERIFY(writeFile(path, pdf));
        QVERIFY(m_env.signer(QStringLiteral("software"), false)->signFile(path, path).ok());
        checkQpdf(path);
        QVERIFY(readAll(path).startsWith(QByteArray(pdf + '\n')));
        const auto reports = verify(path);
        QCOMPARE(reports.size(), 1);
        QVERIFY2(reports.first().isPassed(), qPrintable(describe(reports)));
    }

    void signsLaterPage()
    {
        const QString input = m_env.makePdf(QStringLiteral("pages.pdf"), true, 3);
        const QString output = m_env.file(QStringLiteral("pages-signed.pdf"));
        PadesSignOptions options;
        options.page = 2;
        QVERIFY(m_env.signer(QStringLiteral("software"), false)->signFile(input, output, options).ok());
        checkQpdf(output);
        const ToolResult json
            = run(QStringLiteral("qpdf"),
                  {QStringLiteral("--json"), QStringLiteral("--json-key=acroform"), output});
        const QJsonArray fields = QJsonDocument::fromJson(json.output.toUtf8())
                                      .object()
                                      .value(QLatin1String("acroform"))
                                      .toObject()
                                      .value(QLatin1String("fields"))
                                      .toArray();
        QCOMPARE(fields.size(), 1);
        QCOMPARE(fields.at(0).toObject().value(QLatin1String("pageposfrom1")).toInt(), 3);
        QVERIFY(verify(output).value(0).isPassed());
        options.page = 3;
        const Status missing
            = m_env.signer(QStringLiteral("software"), false)->signFile(input, output, options);
        QCOMPARE(missing.error().code, ErrorCode::InvalidInput);
    }

    void visibleStampWithCyrillic()
    {
        const QString input = m_env.makePdf(QStringLiteral("stamp.pdf"), true);
        const QString output = m_env.file(QStringLiteral("stamp-signed.pdf"));
        PadesSignOptions options;
        options.stampRect = QRectF(300, 60, 240, 54);
        options.stampLines
            = {QStringLiteral("Подписано от: Иван Петров"), QStringLiteral("Дата: 04.12.2026 10:15"),
               QStringLiteral("Изх. № СОА20-ВК66-7245/08.09.2020")};
        const Status status = m_env.signer(QStringLiteral("ec"), false)->signFile(input, output, options);
        QVERIFY2(status.ok(), qPrintable(status.error().toString()));
        checkQpdf(output);
        QVERIFY(m_env.pdfsig(output).output.contains(QLatin1String("Signature is Valid")));
        QVERIFY(verify(output).value(0).isPassed());

        // The text is drawn with the embedded font and maps back to Unicode (ToUnicode).
        const ToolResult text = run(QStringLiteral("pdftotext"), {output, QStringLiteral("-")});
        QVERIFY2(text.output.contains(QStringLiteral("СОА20-ВК66-7245/08.09.2020")), qPrintable(text.output));
        QVERIFY2(text.output.contains(QStringLiteral("Иван Петров")), qPrintable(text.output));
        const ToolResult fonts = run(QStringLiteral("pdffonts"), {output});
        QVERIFY2(fonts.output.contains(QLatin1String("CID TrueType"))
                     && fonts.output.contains(QLatin1String("yes")),
                 qPrintable(fonts.output));

        options.stampFontPath = m_env.file(QStringLiteral("no-such-font.ttf"));
        QCOMPARE(m_env.signer(QStringLiteral("ec"), false)->signFile(input, output, options).error().code,
                 ErrorCode::InvalidInput);
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("text") << QByteArray("Изходящ № 1234\n");
        QTest::addRow("truncated PDF") << simplePdf().left(300);
        QByteArray badXref = simplePdf();
        badXref.replace(badXref.lastIndexOf("startxref\n") + 10, 3, "999");
        QTest::addRow("startxref beyond the end") << badXref;
    }

    void refusesBadInput()
    {
        QFETCH(QByteArray, content);
        const QString input = m_env.file(QStringLiteral("bad.pdf"));
        const QString output = m_env.file(QStringLiteral("bad-signed.pdf"));
        QFile::remove(output);
        QVERIFY(writeFile(input, content));
        const Status status = m_env.signer(QStringLiteral("software"), false)->signFile(input, output);
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::InvalidInput);
        QVERIFY(!QFile::exists(output));
    }

    void refusesEncryptedPdf()
    {
        const QString plain = m_env.makePdf(QStringLiteral("clear.pdf"), false);
        const QString encrypted = m_env.file(QStringLiteral("encrypted.pdf"));
        QCOMPARE(run(QStringLiteral("qpdf"),
                     {QStringLiteral("--encrypt"), QStringLiteral("u"), QStringLiteral("o"),
                      QStringLiteral("256"), QStringLiteral("--"), plain, encrypted})
                     .exitCode,
                 0);
        const Status status = m_env.signer(QStringLiteral("software"), false)
                                  ->signFile(encrypted, m_env.file(QStringLiteral("encrypted-signed.pdf")));
        QCOMPARE(status.error().code, ErrorCode::InvalidInput);
    }

    void refusesCmsLargerThanReserved()
    {
        const QString input = m_env.makePdf(QStringLiteral("small.pdf"), false);
        const QString output = m_env.file(QStringLiteral("small-signed.pdf"));
        QFile::remove(output);
        PadesSignOptions options;
        options.contentsSize = 1024; // an RSA signature with its chain and a time-stamp needs more
        const Status status
            = m_env.signer(QStringLiteral("software"), true)->signFile(input, output, options);
        QCOMPARE(status.error().code, ErrorCode::Internal);
        QVERIFY(!QFile::exists(output));
    }

    void keyErrorsLeaveNoOutput()
    {
        const QString input = m_env.makePdf(QStringLiteral("tsa.pdf"), false);
        const QString output = m_env.file(QStringLiteral("tsa-signed.pdf"));
        QFile::remove(output);
        m_env.tsa.setBehaviour(TestTsa::Behaviour::Reject);
        const Status status = m_env.signer(QStringLiteral("software"), true)->signFile(input, output);
        m_env.tsa.setBehaviour(TestTsa::Behaviour::Grant);
        QVERIFY(!status.ok());
        QVERIFY(!QFile::exists(output));
    }
};

QTEST_GUILESS_MAIN(tst_PadesSigner)
#include "tst_PadesSigner.moc"
