// SPDX-License-Identifier: GPL-3.0-or-later
#include "pades/PadesTestEnvironment.h"
#include "signing/pades/PadesSigner.h"
#include "signing/pades/PadesVerifier.h"

#include <QRegularExpression>
#include <QTest>

using namespace dms;
using namespace dms::test::pades;
using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;
using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using ObjectMap = QMap<int, QByteArray>;

namespace {

QString describe(const QList<SignatureReport> &reports)
{
    QStringList lines;
    for (const SignatureReport &report : reports)
        lines.append(QStringLiteral("%1/%2 %3 errors [%4] warnings [%5]")
                         .arg(SignatureReport::indicationName(report.indication),
                              SignatureReport::subIndicationName(report.subIndication), report.format,
                              report.errors.join(QLatin1String(" | ")),
                              report.warnings.join(QLatin1String(" | "))));
    return lines.join(QLatin1Char('\n'));
}

/** Replaces the first match of @p pattern in @p data by @p replacement padded with
 *  spaces to the same length, so that no offset of the file moves. */
bool replaceSameLength(QByteArray &data, const QString &pattern, const QByteArray &replacement)
{
    const auto match = QRegularExpression(pattern).match(QString::fromLatin1(data));
    if (!match.hasMatch() || replacement.size() > match.capturedLength())
        return false;
    data.replace(match.capturedStart(), match.capturedLength(),
                 replacement.leftJustified(match.capturedLength(), ' '));
    return true;
}

struct ByteRange
{
    qint64 a = 0, b = 0, c = 0;
};

ByteRange byteRangeOf(const QByteArray &data)
{
    const auto match = QRegularExpression(QStringLiteral("/ByteRange \\[0 (\\d+) (\\d+) (\\d+) *\\]"))
                           .match(QString::fromLatin1(data));
    return {match.captured(1).toLongLong(), match.captured(2).toLongLong(), match.captured(3).toLongLong()};
}

} // namespace

class tst_PadesVerifier : public QObject
{
    Q_OBJECT

private:
    Result<QList<SignatureReport>> verify(const QString &path)
    {
        PadesVerifier verifier(m_env.cades);
        return verifier.verifyFile(path);
    }

    /** A copy of the signed document (software key, B-B) to attack. */
    QString signedCopy(const QString &name)
    {
        const QString path = m_env.file(name);
        QFile::remove(path);
        return QFile::copy(m_signed, path) ? path : QString();
    }

    PadesTestEnvironment m_env;
    QString m_signed;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_env.setUp();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        // Page 1's content is object 4; object 5 is content nothing shows (shadow attacks).
        const QString input = m_env.makePdf(QStringLiteral("base.pdf"), false, 1, true);
        m_signed = m_env.file(QStringLiteral("signed.pdf"));
        const Status status = m_env.signer(QStringLiteral("software"), false)->signFile(input, m_signed);
        QVERIFY2(status.ok(), qPrintable(status.error().toString()));
        QVERIFY(verify(m_signed)->value(0).isPassed());
    }

    void cleanupTestCase() { m_env.tearDown(); }

    void unsignedPdfHasNoReports()
    {
        const QString input = m_env.makePdf(QStringLiteral("unsigned.pdf"), true);
        const auto reports = verify(input);
        QVERIFY(reports.ok());
        QVERIFY(reports->isEmpty());
    }

    void refusesNonPdf()
    {
        const QString path = m_env.file(QStringLiteral("text.pdf"));
        QVERIFY(writeFile(path, "not a PDF at all\n"));
        QCOMPARE(verify(path).error().code, ErrorCode::InvalidInput);
        QCOMPARE(verify(m_env.file(QStringLiteral("missing.pdf"))).error().code, ErrorCode::InvalidInput);
    }

    void verifiesPdfsigSignatures_data()
    {
        // poppler 22.12 refuses -etsi with -add-signature ("not supported yet").
        QTest::addColumn<bool>("etsi");
        QTest::addRow("adbe.pkcs7.detached") << false;
    }

    /** The reverse oracle: a file signed by poppler's pdfsig is verified by us. */
    void verifiesPdfsigSignatures()
    {
        QFETCH(bool, etsi);
        const QString keyDb = m_env.file(QStringLiteral("nss-key"));
        if (!QFile::exists(keyDb)) {
            QDir().mkpath(keyDb);
            const QString db = QStringLiteral("sql:") + keyDb;
            QCOMPARE(run(QStringLiteral("certutil"),
                         {QStringLiteral("-N"), QStringLiteral("-d"), db, QStringLiteral("--empty-password")})
                         .exitCode,
                     0);
            const ToolResult imported = run(QStringLiteral("pk12util"),
                                            {QStringLiteral("-i"), m_env.pkiFile(QStringLiteral("seal.p12")),
                                             QStringLiteral("-d"), db, QStringLiteral("-W"),
                                             QStringLiteral("seal-pass"), QStringLiteral("-K"), QString()});
            QVERIFY2(imported.exitCode == 0, qPrintable(imported.output));
        }
        const ToolResult nicks
            = run(QStringLiteral("certutil"),
                  {QStringLiteral("-L"), QStringLiteral("-d"), QStringLiteral("sql:") + keyDb});
        // The e-seal certificate is the one with "u" (own key) in its trust flags.
        const auto nick = QRegularExpression(QStringLiteral("^(.*\\S)\\s+u,u,u\\s*$"),
                                             QRegularExpression::MultilineOption)
                              .match(nicks.output);
        QVERIFY2(nick.hasMatch(), qPrintable(nicks.output));
        const QString input = m_env.makePdf(QStringLiteral("poppler-in.pdf"), etsi);
        const QString output = m_env.file(QStringLiteral("poppler-signed.pdf"));
        QFile::remove(output);
        QStringList arguments {
            QStringLiteral("-nssdir"), QStringLiteral("sql:") + keyDb,   QStringLiteral("-nick"),
            nick.captured(1),          QStringLiteral("-add-signature"), QStringLiteral("-reason"),
            QStringLiteral("test")};
        if (etsi)
            arguments.append(QStringLiteral("-etsi"));
        const ToolResult signedByPoppler
            = run(QStringLiteral("pdfsig"), arguments + QStringList {input, output});
        QVERIFY2(signedByPoppler.exitCode == 0, qPrintable(signedByPoppler.output));

        const auto reports = verify(output);
        QVERIFY(reports.ok());
        QCOMPARE(reports->size(), 1);
        QVERIFY2(reports->first().format
                     == (etsi ? QLatin1String("PAdES-BASELINE-B") : QLatin1String("PKCS7-B")),
                 qPrintable(describe(*reports)));
        QVERIFY2(reports->first().isPassed(), qPrintable(describe(*reports)));
        QCOMPARE(reports->first().signer.der(),
                 pemCertificate(m_env.pkiFile(QStringLiteral("seal.pem"))).der());

        // Signed by us after poppler: both stay valid.
        const QString twice = m_env.file(QStringLiteral("poppler-then-us.pdf"));
        QVERIFY(m_env.signer(QStringLiteral("rsa"), false)->signFile(output, twice).ok());
        const auto both = verify(twice);
        QCOMPARE(both->size(), 2);
        QVERIFY2(both->at(0).isPassed() && both->at(1).isPassed(), qPrintable(describe(*both)));
        QCOMPARE(m_env.pdfsig(twice).output.count(QLatin1String("Signature is Valid")), 2);
    }

    void byteChangedInsideSignedRange()
    {
        const QString path = signedCopy(QStringLiteral("inside.pdf"));
        QByteArray data = readAll(path);
        const qsizetype at = data.indexOf("Outgoing letter 1234");
        QVERIFY(at > 0);
        data[at + 19] = '5';
        QVERIFY(writeFile(path, data));
        const auto reports = verify(path);
        QCOMPARE(reports->size(), 1);
        QCOMPARE(reports->first().indication, Indication::TotalFailed);
        QCOMPARE(reports->first().subIndication, SubIndication::HashFailure);
    }

    void byteChangedOutsideSignedRange()
    {
        // The only bytes outside the range are /Contents: its zero padding, then the CMS itself.
        const QString path = signedCopy(QStringLiteral("outside.pdf"));
        QByteArray data = readAll(path);
        const ByteRange range = byteRangeOf(data);
        QVERIFY(range.b > range.a);
        QByteArray padding = data;
        padding[range.b - 3] = '1';
        QVERIFY(writeFile(path, padding));
        auto reports = verify(path);
        QCOMPARE(reports->first().indication, Indication::TotalFailed);
        QCOMPARE(reports->first().subIndication, SubIndication::FormatFailure);

        QByteArray signatureValue = data;
        // Near the end of the CMS lies the signature value: flip one of its hex digits.
        const qsizetype cmsEnd = signatureValue.indexOf("0000000000", range.a);
        signatureValue[cmsEnd - 8] = signatureValue[cmsEnd - 8] == 'A' ? 'B' : 'A';
        QVERIFY(writeFile(path, signatureValue));
        reports = verify(path);
        QCOMPARE(reports->first().indication, Indication::TotalFailed);
        QVERIFY2(!reports->first().isPassed(), qPrintable(describe(*reports)));
    }

    void malformedCms_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addRow("not DER") << QByteArray("DEADBEEF");
        QTest::addRow("DER, not CMS") << QByteArray("3003020101");
        QTest::addRow("length beyond contents") << QByteArray("3084FFFFFFFF");
        QTest::addRow("empty SignedData") << QByteArray("300B06092A864886F70D010702");
    }

    void malformedCms()
    {
        QFETCH(QByteArray, hex);
        const QString path = signedCopy(QStringLiteral("malformed.pdf"));
        QByteArray data = readAll(path);
        const ByteRange range = byteRangeOf(data);
        const QByteArray gap = '<' + hex.leftJustified(range.b - range.a - 2, '0') + '>';
        data.replace(range.a, gap.size(), gap);
        QVERIFY(writeFile(path, data));
        const auto reports = verify(path);
        QVERIFY(reports.ok());
        QCOMPARE(reports->size(), 1);
        QVERIFY2(!reports->first().isPassed(), qPrintable(describe(*reports)));
        QVERIFY(reports->first().indication != Indication::TotalPassed);
    }

    /** Universal signature forgery (Mladenov et al. 2019): the signature dictionary's
     *  /ByteRange and /Contents bent so that a verifier checks nothing or something else. */
    void universalSignatureForgery_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QByteArray>("replacement");
        const QString byteRange = QStringLiteral("/ByteRange \\[[^\\]]*\\]");
        QTest::addRow("no ByteRange") << byteRange << QByteArray("/Foo 0");
        QTest::addRow("ByteRange null") << byteRange << QByteArray("/ByteRange null");
        QTest::addRow("ByteRange empty") << byteRange << QByteArray("/ByteRange []");
        QTest::addRow("ByteRange zeros") << byteRange << QByteArray("/ByteRange [0 0 0 0]");
        QTest::addRow("ByteRange negative") << byteRange << QByteArray("/ByteRange [0 -1 -1 -1]");
        QTest::addRow("not from the start") << byteRange << QByteArray("/ByteRange [100 @A @B @C]");
        QTest::addRow("overlapping") << byteRange << QByteArray("/ByteRange [0 @A @A @C]");
        QTest::addRow("skipping data") << byteRange << QByteArray("/ByteRange [0 @A @B+20 @C-20]");
        QTest::addRow("stopping early") << byteRange << QByteArray("/ByteRange [0 @A @B @C-100]");
        QTest::addRow("beyond the end") << byteRange << QByteArray("/ByteRange [0 @A @B @C+100]");
        QTest::addRow("no Contents") << QStringLiteral("/Contents <") << QByteArray("/Contentz <");
        QTest::addRow("Contents null")
            << QStringLiteral("/Contents <[0-9A-F]*>") << QByteArray("/Contents null");
    }

    void universalSignatureForgery()
    {
        QFETCH(QString, pattern);
        QFETCH(QByteArray, replacement);
        const QString path = signedCopy(QStringLiteral("usf.pdf"));
        QByteArray data = readAll(path);
        const ByteRange range = byteRangeOf(data);
        replacement.replace("@B+20", QByteArray::number(range.b + 20))
            .replace("@C-20", QByteArray::number(range.c - 20))
            .replace("@C-100", QByteArray::number(range.c - 100))
            .replace("@C+100", QByteArray::number(range.c + 100))
            .replace("@A", QByteArray::number(range.a))
            .replace("@B", QByteArray::number(range.b))
            .replace("@C", QByteArray::number(range.c));
        QVERIFY(replaceSameLength(data, pattern, replacement));
        QVERIFY(writeFile(path, data));
        const auto reports = verify(path);
        QVERIFY(reports.ok());
        QCOMPARE(reports->size(), 1);
        QCOMPARE(reports->first().indication, Indication::TotalFailed);
        QVERIFY2(reports->first().subIndication == SubIndication::FormatFailure,
                 qPrintable(describe(*reports)));
    }

    void truncatedFile()
    {
        const QString path = signedCopy(QStringLiteral("truncated.pdf"));
        const QByteArray data = readAll(path);
        for (qsizetype cut : {10, 200, 2000}) {
            QVERIFY(writeFile(path, data.left(data.size() - cut)));
            const auto reports = verify(path);
            if (!reports.ok())
                continue; // qpdf could not make a PDF of it at all: also a refusal
            for (const SignatureReport &report : *reports)
                QVERIFY2(!report.isPassed(), qPrintable(describe(*reports)));
        }
    }

    /** Incremental saving attacks and shadow attacks (Mainka et al. 2021): later
     *  updates change what the signed revision shows. */
    void changesAfterSigning_data()
    {
        QTest::addColumn<ObjectMap>("objects");
        QTest::addColumn<QString>("expectedError");
        const QByteArray page
            = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 "
              "R >> >> /Annots [@SIG] /Contents ";
        QTest::addRow("page content replaced")
            << ObjectMap {{4, contentStream("Outgoing letter 9999")}} << QStringLiteral("content of page 1");
        QTest::addRow("shadow hide: unused object shown")
            << ObjectMap {{10, page + "[4 0 R 5 0 R] >>"}} << QStringLiteral("shadow attack: hide");
        QTest::addRow("shadow replace: font redefined")
            << ObjectMap {{3, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}}
            << QStringLiteral("shadow attack: replace");
        QTest::addRow("annotation added")
            << ObjectMap {{10, page + "4 0 R >>"}} << QStringLiteral("annotation was added");
        QTest::addRow("page added")
            << ObjectMap {{2, "<< /Type /Pages /Kids [10 0 R 100 0 R] /Count 2 >>"},
                          {100,
                           "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                           "/Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>"}}
            << QStringLiteral("Pages were added");
        QTest::addRow("open action added")
            << ObjectMap {{1,
                           "<< /Type /Catalog /Pages 2 0 R /AcroForm @FORM /OpenAction << /S "
                           "/JavaScript /JS (app.alert(1)) >> >>"}}
            << QStringLiteral("/OpenAction");
    }

    void changesAfterSigning()
    {
        QFETCH(ObjectMap, objects);
        QFETCH(QString, expectedError);
        const QString path = signedCopy(QStringLiteral("changed.pdf"));
        // The signature widget and AcroForm as the signer wrote them, to keep them in the attack.
        const ToolResult catalog = run(QStringLiteral("qpdf"), {QStringLiteral("--show-object=1"), path});
        const auto form = QRegularExpression(QStringLiteral("/AcroForm (<< [^>]*>>)")).match(catalog.output);
        const ToolResult pageObject = run(QStringLiteral("qpdf"), {QStringLiteral("--show-object=10"), path});
        const auto sig
            = QRegularExpression(QStringLiteral("/Annots \\[ ([^\\]]*) \\]")).match(pageObject.output);
        QVERIFY2(form.hasMatch() && sig.hasMatch(), qPrintable(catalog.output + pageObject.output));
        for (auto it = objects.begin(); it != objects.end(); ++it) {
            it->replace("@FORM", form.captured(1).toLatin1());
            it->replace("@SIG", sig.captured(1).toLatin1());
        }
        if (expectedError == QLatin1String("annotation was added")) {
            const int size = sizeAndRoot(path).first;
            objects.insert(size,
                           "<< /Type /Annot /Subtype /FreeText /Rect [72 400 400 450] /Contents (PAID) /DA "
                           "(/Helv 12 Tf 0 g) >>");
            objects[10].replace("/Annots [", QByteArray("/Annots [" + QByteArray::number(size) + " 0 R "));
        }
        QVERIFY(appendUpdate(path, objects));
        const ToolResult check = run(QStringLiteral("qpdf"), {QStringLiteral("--check"), path});
        QVERIFY2(check.exitCode == 0, qPrintable(check.output));

        const auto reports = verify(path);
        QVERIFY(reports.ok());
        QCOMPARE(reports->size(), 1);
        QCOMPARE(reports->first().indication, Indication::TotalFailed);
        QVERIFY2(!reports->first().errors.filter(expectedError).isEmpty(), qPrintable(describe(*reports)));
    }

    void harmlessUpdateKeepsSignatureValid()
    {
        // A later update that rewrites an object without changing it, as editors do.
        const QString path = signedCopy(QStringLiteral("harmless.pdf"));
        QVERIFY(appendUpdate(path, {{3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}}, true));
        const auto reports = verify(path);
        QVERIFY2(reports->value(0).isPassed(), qPrintable(describe(*reports)));
    }

    void verifiesManyQuickly()
    {
        // Small PAdES files verify fast (the benchmark measures it properly).
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 20; ++i)
            QVERIFY(verify(m_signed)->value(0).isPassed());
        qInfo("20 verifications in %lld ms", static_cast<long long>(timer.elapsed()));
    }
};

QTEST_GUILESS_MAIN(tst_PadesVerifier)
#include "tst_PadesVerifier.moc"
