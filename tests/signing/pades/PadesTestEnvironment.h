// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PadesTestSupport.h"
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestTsa.h"
#include "core/Clock.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pades/PadesSigner.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>

namespace dms::test::pades {

/** What both PAdES test classes need: the SoftHSM2 token and test PKI of the
 *  fixture script, the in-process TSA, a CadesVerifier trusting the test root
 *  (revocation not required: no responder runs here) and an NSS database for
 *  pdfsig that holds only the test anchors. */
class PadesTestEnvironment
{
public:
    /** Empty on success, else what failed. */
    QString setUp()
    {
        for (const char *tool : {"qpdf", "pdfsig", "certutil", "pk12util"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                return QStringLiteral("missing tool ") + QString::fromLatin1(tool);
        }
        if (!m_work.isValid())
            return QStringLiteral("no temporary directory");
        if (const QString failure = m_fixture.createAndOpen(m_pins, m_provider, m_token); !failure.isEmpty())
            return failure;
        root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        const QString tsaFailure = tsa.load(m_fixture.pkiFile(QStringLiteral("tsa.pem")),
                                            m_fixture.pkiFile(QStringLiteral("tsa.key")),
                                            m_fixture.pkiFile(QStringLiteral("qca.pem")));
        if (!tsaFailure.isEmpty())
            return tsaFailure;
        cades.setTrustAnchors({root});
        ValidationPolicy policy;
        policy.revocationRequired = false;
        policy.onlineRevocation = false;
        cades.setPolicy(policy);

        // pdfsig's NSS database: the test root as the only trust anchor.
        nssDir = m_work.filePath(QStringLiteral("nss"));
        QDir().mkpath(nssDir);
        const QString db = QStringLiteral("sql:") + nssDir;
        ToolResult created
            = run(QStringLiteral("certutil"),
                  {QStringLiteral("-N"), QStringLiteral("-d"), db, QStringLiteral("--empty-password")});
        if (created.exitCode != 0)
            return created.output;
        ToolResult added = run(QStringLiteral("certutil"),
                               {QStringLiteral("-A"), QStringLiteral("-d"), db, QStringLiteral("-n"),
                                QStringLiteral("test-root"), QStringLiteral("-t"), QStringLiteral("CT,C,C"),
                                QStringLiteral("-a"), QStringLiteral("-i"),
                                m_fixture.pkiFile(QStringLiteral("ca-root.pem"))});
        return added.exitCode == 0 ? QString() : added.output;
    }

    void tearDown()
    {
        m_token.reset();
        m_provider.reset();
    }

    /** "rsa", "ec" (token keys 01, 02) or "software" (the e-seal PKCS#12). */
    std::shared_ptr<SigningKey> key(const QString &name)
    {
        if (name == QLatin1String("software")) {
            auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                               "seal-pass", clock);
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        const QByteArray id(1, name == QLatin1String("rsa") ? '\x01' : '\x02');
        auto all = m_token->certificates();
        if (all) {
            for (const TokenCertificate &c : *all) {
                if (c.keyId == id)
                    return std::make_shared<TokenSigningKey>(m_token, c, clock);
            }
        }
        return nullptr;
    }

    /** A signer with the issuing CA in the chain; B-T when @p timestamped. */
    std::unique_ptr<PadesSigner> signer(const QString &keyName, bool timestamped)
    {
        auto signingKey = key(keyName);
        if (!signingKey)
            return nullptr;
        auto result = std::make_unique<PadesSigner>(signingKey, clock);
        result->setChain({issuingCa});
        if (timestamped)
            result->setTimestampClient(&tsa);
        return result;
    }

    /** Writes simplePdf() to @p name in the work dir; with @p objectStreams rewritten
     *  by qpdf to object streams and a cross-reference stream. */
    QString makePdf(const QString &name, bool objectStreams, int pages = 1, bool unusedObject = false)
    {
        const QString plain = file(name + QStringLiteral(".plain.pdf"));
        const QString path = file(name);
        QFile::remove(path);
        if (!writeFile(plain, simplePdf(pages, "Outgoing letter 1234", unusedObject)))
            return {};
        if (!objectStreams)
            return QFile::copy(plain, path) ? path : QString();
        const ToolResult converted
            = run(QStringLiteral("qpdf"), {QStringLiteral("--object-streams=generate"), plain, path});
        return converted.exitCode == 0 ? path : QString();
    }

    /** pdfsig's verdict on @p path with the anchors-only NSS database. */
    ToolResult pdfsig(const QString &path)
    {
        return run(
            QStringLiteral("pdfsig"),
            {QStringLiteral("-nssdir"), QStringLiteral("sql:") + nssDir, QStringLiteral("-no-ocsp"), path});
    }

    QString pkiFile(const QString &name) const { return m_fixture.pkiFile(name); }
    QString file(const QString &name) const { return m_work.filePath(name); }

    SystemClock clock;
    TestTsa tsa;
    CertificateInfo root;
    CertificateInfo issuingCa;
    CadesVerifier cades {clock};
    QString nssDir;

private:
    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
};

} // namespace dms::test::pades
