// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the built delovodctl binary: `sign` and `verify` as a script would use them.
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestOcsp.h"
#include "TestOcspServer.h"
#include "TestTsa.h"
#include "XmlsecOracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifndef DELOVODCTL_PATH
#error "DELOVODCTL_PATH must name the delovodctl binary (see tests/signing/CMakeLists.txt)"
#endif

using namespace dms;
using dms::test::readAll;
using dms::test::writeFile;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

/** A one-page PDF with a correct classic xref table. */
QByteArray minimalPdf()
{
    QByteArray pdf("%PDF-1.4\n");
    QList<int> offsets;
    const QList<QByteArray> objects {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    };
    for (int i = 0; i < objects.size(); ++i) {
        offsets.append(static_cast<int>(pdf.size()));
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const int xref = static_cast<int>(pdf.size());
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (int offset : offsets)
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace

class tst_DelovodctlSign : public QObject
{
    Q_OBJECT

private:
    QString file(const QString &name) const { return m_work.filePath(name); }
    QString pki(const QString &name) const { return m_fixture.pkiFile(name); }

    Run delovodctl(const QStringList &arguments) const
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SEAL_PASS"), QStringLiteral("seal-pass"));
        environment.insert(QStringLiteral("WRONG_PASS"), QStringLiteral("nope"));
        environment.insert(QStringLiteral("CARD_PIN"), QString::fromLatin1(SoftHsmFixture::pin));
        environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        // No database is needed; point at an empty directory so no real one is touched.
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_work.filePath(QStringLiteral("xdg")));
        // Signing and verifying need no database, so none is configured.
        environment.remove(QStringLiteral("DELOVOD_DATABASE"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(DELOVODCTL_PATH), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    TestTsa m_tsa; // served over HTTP at /tsa for --tsa
    TestOcsp m_ocsp;
    TestOcspServer m_server {m_ocsp};

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable() || !test::hasXmlsec())
            QSKIP("softhsm2-util or xmlsec1 is not installed");
        QVERIFY(m_work.isValid());
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const QString loaded = m_tsa.load(pki(QStringLiteral("tsa.pem")), pki(QStringLiteral("tsa.key")),
                                          pki(QStringLiteral("qca.pem")));
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        QVERIFY(m_server.start());
        m_server.setTimestampClient(&m_tsa);
        QVERIFY(writeFile(file(QStringLiteral("letter.txt")), QByteArray("Изходящ № 17/04.12.2026\n")));
        QVERIFY(
            writeFile(file(QStringLiteral("message.xml")),
                      QByteArray("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message xmlns=\"urn:test\">"
                                 "<Body>Заявление</Body></Message>\n")));
        QVERIFY(writeFile(file(QStringLiteral("letter.pdf")), minimalPdf()));
        // Token keys carry no CA certificate: trust the issuing CA as well as the root.
        QVERIFY(
            writeFile(file(QStringLiteral("trust.pem")),
                      readAll(pki(QStringLiteral("ca-root.pem"))) + readAll(pki(QStringLiteral("qca.pem")))));
    }

    void signsAndVerifies_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("keyArguments");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("format");
        const QStringList pkcs12 {QStringLiteral("--pkcs12"), pki(QStringLiteral("seal.p12")),
                                  QStringLiteral("--pass-env"), QStringLiteral("SEAL_PASS")};
        const QStringList token {QStringLiteral("--token"),   QStringLiteral("QES-TEST"),
                                 QStringLiteral("--pin-env"), QStringLiteral("CARD_PIN"),
                                 QStringLiteral("--key-id"),  QStringLiteral("01")};
        QTest::newRow("cades pkcs12") << "letter.txt" << pkcs12 << "letter.txt.p7s"
                                      << "CAdES-BASELINE-B";
        QTest::newRow("cades token") << "letter.txt" << token << "letter.txt.p7s"
                                     << "CAdES-BASELINE-B";
        QTest::newRow("xades pkcs12") << "message.xml" << pkcs12 << "message-signed.xml"
                                      << "XAdES-BASELINE-B";
        QTest::newRow("xades token") << "message.xml" << token << "message-signed.xml"
                                     << "XAdES-BASELINE-B";
        QTest::newRow("pades pkcs12") << "letter.pdf" << pkcs12 << "letter-signed.pdf"
                                      << "PAdES-BASELINE-B";
    }
    void signsAndVerifies()
    {
        QFETCH(QString, input);
        QFETCH(QStringList, keyArguments);
        QFETCH(QString, output);
        QFETCH(QString, format);
        QFile::remove(file(output));
        const Run signedRun = delovodctl(QStringList {QStringLiteral("sign"), file(input)} + keyArguments);
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
        QVERIFY(QFile::exists(file(output)));

        // verify FILE.p7s / the signed PDF or XML, trusting the test root, offline.
        const QStringList verify {QStringLiteral("verify"),          file(output),
                                  QStringLiteral("--trust"),         file(QStringLiteral("trust.pem")),
                                  QStringLiteral("--no-revocation"), QStringLiteral("--json")};
        const Run verified = delovodctl(verify);
        QVERIFY2(verified.exitCode == 0, QByteArray(verified.out + verified.err).constData());
        const QJsonObject report = verified.json();
        QVERIFY(report.value(QStringLiteral("passed")).toBool());
        const QJsonObject first = report.value(QStringLiteral("signatures")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("indication")).toString(), QStringLiteral("TOTAL_PASSED"));
        QCOMPARE(first.value(QStringLiteral("format")).toString(), format);

        if (format.startsWith(QLatin1String("XAdES"))) {
            const auto oracle = test::xmlsecVerify(file(output), pki(QStringLiteral("ca-root.pem")),
                                                   pki(QStringLiteral("qca.pem")));
            QVERIFY2(oracle.ok(), qPrintable(oracle.output));
        }

        // Without trust anchors: INDETERMINATE, exit 3, and the text report names it.
        const Run untrusted
            = delovodctl({QStringLiteral("verify"), file(output), QStringLiteral("--no-revocation")});
        QCOMPARE(untrusted.exitCode, 3);
        QVERIFY2(untrusted.out.contains("INDETERMINATE"), untrusted.out.constData());

        // A changed document: TOTAL_FAILED, exit 3.
        const QString signedContent = format.startsWith(QLatin1String("CAdES")) ? file(input) : file(output);
        const QByteArray original = readAll(signedContent);
        QByteArray tampered = original;
        if (format.startsWith(QLatin1String("PAdES")))
            tampered.replace("/MediaBox [0 0 595 842]", "/MediaBox [0 0 595 843]");
        else
            tampered.replace(QByteArray("Изходящ № 17"), QByteArray("Изходящ № 18"))
                .replace(QByteArray("Заявление"), QByteArray("Заявлениe"));
        QVERIFY(tampered != original);
        QVERIFY(writeFile(signedContent, tampered));
        const Run broken = delovodctl(verify);
        QVERIFY(writeFile(signedContent, original));
        QCOMPARE(broken.exitCode, 3);
        QCOMPARE(broken.json()
                     .value(QStringLiteral("signatures"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("indication"))
                     .toString(),
                 QStringLiteral("TOTAL_FAILED"));
    }

    void signsBaselineTWithTsa_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("format");
        QTest::newRow("cades") << "letter.txt"
                               << "letter.txt.p7s"
                               << "CAdES-BASELINE-T";
        QTest::newRow("pades") << "letter.pdf"
                               << "letter-t.pdf"
                               << "PAdES-BASELINE-T";
    }
    void signsBaselineTWithTsa()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        QFETCH(QString, format);
        const int before = m_tsa.requestCount();
        const Run signedRun = delovodctl(
            {QStringLiteral("sign"), file(input), QStringLiteral("--pkcs12"), pki(QStringLiteral("seal.p12")),
             QStringLiteral("--pass-env"), QStringLiteral("SEAL_PASS"), QStringLiteral("--tsa"),
             m_server.url(QStringLiteral("/tsa")), QStringLiteral("--out"), file(output)});
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
        QCOMPARE(m_tsa.requestCount(), before + 1);
        const Run verified = delovodctl({QStringLiteral("verify"), file(output), QStringLiteral("--trust"),
                                         file(QStringLiteral("trust.pem")), QStringLiteral("--no-revocation"),
                                         QStringLiteral("--json")});
        QVERIFY2(verified.exitCode == 0, QByteArray(verified.out + verified.err).constData());
        const QJsonObject first
            = verified.json().value(QStringLiteral("signatures")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("format")).toString(), format);
        QVERIFY(first.value(QStringLiteral("signingTimeFromTimestamp")).toBool());
    }

    void tsaFailuresFailTheSigning_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("xades has no --tsa")
            << QStringList {QStringLiteral("--format"), QStringLiteral("xades")} << 1;
        QTest::newRow("https") << QStringList {QStringLiteral("--tsa-url-https")} << 2;
        QTest::newRow("no such path") << QStringList {QStringLiteral("--tsa-url-404")} << 2;
    }
    void tsaFailuresFailTheSigning()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QString tsa = m_server.url(QStringLiteral("/tsa"));
        if (extra.value(0) == QLatin1String("--tsa-url-https"))
            tsa = QStringLiteral("https://127.0.0.1:%1/tsa").arg(m_server.port());
        else if (extra.value(0) == QLatin1String("--tsa-url-404"))
            tsa = m_server.url(QStringLiteral("/none"));
        if (extra.value(0).startsWith(QLatin1String("--tsa-url")))
            extra.clear();
        const QString output = file(QStringLiteral("refused.p7s"));
        QFile::remove(output);
        const Run run = delovodctl(QStringList {QStringLiteral("sign"), file(QStringLiteral("letter.txt")),
                                                QStringLiteral("--pkcs12"), pki(QStringLiteral("seal.p12")),
                                                QStringLiteral("--pass-env"), QStringLiteral("SEAL_PASS"),
                                                QStringLiteral("--tsa"), tsa, QStringLiteral("--out"), output}
                                   + extra);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(!QFile::exists(output));
    }

    void refusesBadCommandLines_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString letter = file(QStringLiteral("letter.txt"));
        const QString p12 = pki(QStringLiteral("seal.p12"));
        QTest::newRow("no key") << QStringList {QStringLiteral("sign"), letter} << 1;
        QTest::newRow("both keys") << QStringList {QStringLiteral("sign"),     letter,
                                                   QStringLiteral("--pkcs12"), p12,
                                                   QStringLiteral("--token"),  QStringLiteral("QES-TEST")}
                                   << 1;
        QTest::newRow("unset variable")
            << QStringList {QStringLiteral("sign"),       letter,
                            QStringLiteral("--pkcs12"),   p12,
                            QStringLiteral("--pass-env"), QStringLiteral("NOT_SET_ANYWHERE")}
            << 1;
        QTest::newRow("unknown format")
            << QStringList {QStringLiteral("sign"),       letter,
                            QStringLiteral("--format"),   QStringLiteral("jades"),
                            QStringLiteral("--pkcs12"),   p12,
                            QStringLiteral("--pass-env"), QStringLiteral("SEAL_PASS")}
            << 1;
        QTest::newRow("wrong password")
            << QStringList {QStringLiteral("sign"),       letter,
                            QStringLiteral("--pkcs12"),   p12,
                            QStringLiteral("--pass-env"), QStringLiteral("WRONG_PASS")}
            << 2;
        QTest::newRow("wrong pin") << QStringList {QStringLiteral("sign"),      letter,
                                                   QStringLiteral("--token"),   QStringLiteral("QES-TEST"),
                                                   QStringLiteral("--pin-env"), QStringLiteral("WRONG_PASS")}
                                   << 2;
        QTest::newRow("no such token")
            << QStringList {QStringLiteral("sign"),      letter,
                            QStringLiteral("--token"),   QStringLiteral("NO-CARD"),
                            QStringLiteral("--pin-env"), QStringLiteral("CARD_PIN")}
            << 2;
        QTest::newRow("missing file")
            << QStringList {QStringLiteral("sign"),       file(QStringLiteral("none.txt")),
                            QStringLiteral("--pkcs12"),   p12,
                            QStringLiteral("--pass-env"), QStringLiteral("SEAL_PASS")}
            << 2;
        QTest::newRow("verify missing file")
            << QStringList {QStringLiteral("verify"), file(QStringLiteral("none.xml"))} << 2;
        QTest::newRow("verify unsigned xml")
            << QStringList {QStringLiteral("verify"), file(QStringLiteral("message.xml"))} << 3;
        QTest::newRow("verify plain text") << QStringList {QStringLiteral("verify"), letter} << 1;
    }
    void refusesBadCommandLines()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const Run run = delovodctl(arguments);
        QVERIFY2(run.exitCode == exitCode, QByteArray(run.out + run.err).constData());
        if (exitCode != 3)
            QVERIFY(!run.err.isEmpty());
        // Secrets never reach the output.
        QVERIFY(!run.err.contains("seal-pass") && !run.out.contains("seal-pass"));
    }
};

QTEST_GUILESS_MAIN(tst_DelovodctlSign)
#include "tst_DelovodctlSign.moc"
