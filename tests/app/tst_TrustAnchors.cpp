// SPDX-License-Identifier: GPL-3.0-or-later
// The "verification/trust_anchors" setting decides whether a signer's chain is
// found: a CAdES signature made here under a CA made by the openssl command line.
#include "core/Clock.h"
#include "document/TrustAnchors.h"
#include "signing/CadesSigner.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/verify/CadesVerifier.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

using SubIndication = SignatureReport::SubIndication;

class tst_TrustAnchors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SystemClock m_clock;
    QByteArray m_p7s;
    const QByteArray m_content = QByteArrayLiteral("Заявление за достъп до обществена информация");

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString openssl(std::initializer_list<const char *> words)
    {
        QStringList arguments;
        for (const char *word : words)
            arguments << QString::fromUtf8(word);
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(60000))
            return QStringLiteral("openssl did not finish");
        return process.exitCode() == 0 ? QString() : QString::fromLocal8Bit(process.readAll());
    }
    SignatureReport verify(const CadesVerifier &verifier)
    {
        QBuffer content;
        content.setData(m_content);
        content.open(QIODevice::ReadOnly);
        return verifier.verify(m_p7s, content);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("anchors")));
        QFile extensions(path(QStringLiteral("signer.ext")));
        QVERIFY(extensions.open(QIODevice::WriteOnly));
        extensions.write("keyUsage=critical,digitalSignature,nonRepudiation\n");
        extensions.close();
        QString failure = openssl(
            {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
             "ca.key", "-out", "anchors/ca.pem", "-subj", "/CN=Delovod Test Root", "-days", "365", "-addext",
             "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        failure = openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                           "signer.key", "-out", "signer.csr", "-subj", "/CN=Мария Петрова"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        failure = openssl({"x509", "-req", "-in", "signer.csr", "-CA", "anchors/ca.pem", "-CAkey", "ca.key",
                           "-CAcreateserial", "-out", "signer.pem", "-days", "30", "-extfile", "signer.ext"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        failure = openssl({"pkcs12", "-export", "-inkey", "signer.key", "-in", "signer.pem", "-out",
                           "signer.p12", "-passout", "pass:test"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        failure = openssl({"x509", "-in", "anchors/ca.pem", "-outform", "DER", "-out", "ca.der"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));

        auto key = SoftwareSigningKey::fromPkcs12File(path(QStringLiteral("signer.p12")), "test", m_clock);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        CadesSigner signer(std::shared_ptr<SigningKey>(std::move(*key)), m_clock);
        QBuffer content;
        content.setData(m_content);
        QVERIFY(content.open(QIODevice::ReadOnly));
        auto p7s = signer.sign(content);
        QVERIFY2(p7s.ok(), qPrintable(p7s.error().toString()));
        m_p7s = *p7s;
    }

    void theSettingDecidesWhetherTheChainIsFound_data()
    {
        QTest::addColumn<QString>("anchors");
        QTest::newRow("folder") << QStringLiteral("anchors");
        QTest::newRow("PEM file") << QStringLiteral("anchors/ca.pem");
        QTest::newRow("DER file") << QStringLiteral("ca.der");
    }
    void theSettingDecidesWhetherTheChainIsFound()
    {
        QFETCH(QString, anchors);
        QSettings settings(path(QStringLiteral("desk.ini")), QSettings::IniFormat);
        settings.clear();
        CadesVerifier verifier(m_clock);

        // Without the setting nothing is trusted.
        QVERIFY(TrustAnchors::apply(settings, verifier).ok());
        QVERIFY(verifier.trustAnchors().isEmpty());
        const SignatureReport untrusted = verify(verifier);
        QCOMPARE(untrusted.subIndication, SubIndication::NoCertificateChainFound);

        settings.setValue(TrustAnchors::settingKey(), path(anchors));
        const Status applied = TrustAnchors::apply(settings, verifier);
        QVERIFY2(applied.ok(), qPrintable(applied.error().toString()));
        QCOMPARE(verifier.trustAnchors().size(), 1);
        const SignatureReport trusted = verify(verifier);
        QVERIFY2(trusted.subIndication != SubIndication::NoCertificateChainFound,
                 qPrintable(SignatureReport::subIndicationName(trusted.subIndication)));
        QVERIFY(trusted.errors.join(QLatin1Char(' ')) != untrusted.errors.join(QLatin1Char(' '))
                || trusted.subIndication != untrusted.subIndication);
    }

    void badSettingsLeaveTheAnchorsAlone()
    {
        QSettings settings(path(QStringLiteral("bad.ini")), QSettings::IniFormat);
        CadesVerifier verifier(m_clock);
        settings.setValue(TrustAnchors::settingKey(), path(QStringLiteral("anchors")));
        QVERIFY(TrustAnchors::apply(settings, verifier).ok());
        QCOMPARE(verifier.trustAnchors().size(), 1);

        for (const QString &bad : {path(QStringLiteral("missing.pem")), path(QStringLiteral("signer.ext")),
                                   path(QStringLiteral("empty"))}) {
            QDir(m_dir.path()).mkpath(QStringLiteral("empty"));
            settings.setValue(TrustAnchors::settingKey(), bad);
            const Status applied = TrustAnchors::apply(settings, verifier);
            QVERIFY(!applied.ok());
            QCOMPARE(applied.error().code, ErrorCode::InvalidInput);
            QVERIFY2(applied.error().message.contains(bad), qPrintable(applied.error().message));
            QCOMPARE(verifier.trustAnchors().size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(tst_TrustAnchors)
#include "tst_TrustAnchors.moc"
