// SPDX-License-Identifier: GPL-3.0-or-later
// Signing throughput on SoftHSM2 (the test token of tests/signing/fixtures):
//  1. raw C_SignInit + C_Sign per second through p11-kit-proxy (the baseline),
//  2. small-document CAdES-B-B signatures per second through CadesSigner +
//     TokenSigningKey + Pkcs11TokenProvider (goal: >= 90 % of 1.),
//     (Token::signRaw alone is measured too, to split the overhead between the
//     worker-thread hand-off and the CMS work),
//  3. CAdES verifications per second with revocation from embedded CRLs.
// Both RSA-2048 and P-256, each measured for --seconds S (default 3).
//
//   bench_signing [--seconds S]

#include "core/Clock.h"
#include "signing/CadesSigner.h"
#include "signing/PinProvider.h"
#include "signing/SignatureEncoding.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11Module.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "signing/verify/RevocationEvidence.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

using namespace dms;

namespace {

constexpr const char *s_pin = "123456";

class FixedPin final : public PinProvider
{
public:
    Result<QByteArray> pin(const PinRequest &) override { return QByteArray(s_pin); }
};

struct Measurement
{
    qint64 count = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? count / seconds : 0; }
};

/** Runs @p step until @p seconds have passed; a failing step stops the run (count -1). */
Measurement measure(double seconds, const std::function<bool()> &step)
{
    Measurement m;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < seconds * 1000) {
        if (!step()) {
            m.count = -1;
            return m;
        }
        ++m.count;
    }
    m.seconds = timer.elapsed() / 1000.0;
    return m;
}

void print(const char *name, const Measurement &m)
{
    std::printf("%-58s %8lld %7.2f s %9.0f /s\n", name, m.count, m.seconds, m.perSecond());
    std::fflush(stdout);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** The raw baseline: one session, logged in, C_SignInit + C_Sign in a loop. */
Measurement rawSign(const QString &modulePath, CK_BYTE keyId, const QByteArray &input, double seconds)
{
    Pkcs11Module module;
    if (!module.load(modulePath))
        return {-1, 0};
    CK_FUNCTION_LIST_PTR f = module.functions();
    CK_SLOT_ID slots[16];
    CK_ULONG slotCount = 16;
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    if (f->C_GetSlotList(CK_TRUE, slots, &slotCount) != CKR_OK)
        return {-1, 0};
    for (CK_ULONG i = 0; i < slotCount && session == CK_INVALID_HANDLE; ++i) {
        CK_TOKEN_INFO info = {};
        if (f->C_GetTokenInfo(slots[i], &info) == CKR_OK
            && QByteArray(reinterpret_cast<const char *>(info.label), 32).trimmed() == "QES-TEST")
            f->C_OpenSession(slots[i], CKF_SERIAL_SESSION, nullptr, nullptr, &session);
    }
    QByteArray pin(s_pin);
    if (session == CK_INVALID_HANDLE
        || f->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(pin.data()), pin.size()) != CKR_OK)
        return {-1, 0};
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE query[] = {{CKA_CLASS, &keyClass, sizeof keyClass}, {CKA_ID, &keyId, 1}};
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_ULONG found = 0;
    f->C_FindObjectsInit(session, query, 2);
    f->C_FindObjects(session, &key, 1, &found);
    f->C_FindObjectsFinal(session);
    if (found != 1)
        return {-1, 0};
    CK_MECHANISM mechanism = {keyId == 1 ? CKM_RSA_PKCS : CKM_ECDSA, nullptr, 0};
    QByteArray data = input;
    QByteArray signature(512, Qt::Uninitialized);
    const Measurement m = measure(seconds, [&] {
        CK_ULONG length = signature.size();
        return f->C_SignInit(session, &mechanism, key) == CKR_OK
            && f->C_Sign(session, reinterpret_cast<CK_BYTE_PTR>(data.data()), data.size(),
                         reinterpret_cast<CK_BYTE_PTR>(signature.data()), &length)
            == CKR_OK;
    });
    f->C_Logout(session);
    f->C_CloseSession(session);
    return m;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    double seconds = 3;
    const QStringList arguments = app.arguments();
    const qsizetype at = arguments.indexOf(QStringLiteral("--seconds"));
    if (at > 0 && at + 1 < arguments.size())
        seconds = arguments.at(at + 1).toDouble();

    QTemporaryDir dir;
    QProcess fixture;
    fixture.setProcessChannelMode(QProcess::MergedChannels);
    fixture.start(QStringLiteral("bash"), {QStringLiteral(DMS_SIGNING_FIXTURE_SCRIPT), dir.path()});
    if (!dir.isValid() || !fixture.waitForFinished(120000) || fixture.exitCode() != 0) {
        std::fprintf(stderr, "make-test-pki.sh failed: %s\n", fixture.readAll().constData());
        return 1;
    }
    qputenv("SOFTHSM2_CONF", QFile::encodeName(dir.filePath(QStringLiteral("softhsm2.conf"))));
    const QString pki = dir.filePath(QStringLiteral("pki/"));
    const QString modulePath = Pkcs11TokenProvider::defaultModulePath();

    const QByteArray document
        = QByteArray("Small document to sign, as a registry letter of one page.\n").repeated(16);
    const QByteArray sha256 = QCryptographicHash::hash(document, QCryptographicHash::Sha256);
    const QByteArray digestInfo = SignatureEncoding::digestInfo(DigestAlgorithm::Sha256, sha256).valueOr({});

    std::printf("%-58s %8s %9s %12s\n", "benchmark", "count", "time", "rate");
    const Measurement rawRsa = rawSign(modulePath, 1, digestInfo, seconds);
    print("raw C_Sign RSA-2048 (baseline)", rawRsa);
    const Measurement rawEc = rawSign(modulePath, 2, sha256, seconds);
    print("raw C_Sign P-256 (baseline)", rawEc);

    auto provider = Pkcs11TokenProvider::load(std::make_shared<FixedPin>(), modulePath);
    if (!provider) {
        std::fprintf(stderr, "%s\n", qPrintable(provider.error().toString()));
        return 1;
    }
    std::shared_ptr<Token> token;
    for (const auto &candidate : (*provider)->tokens().valueOr({})) {
        if (candidate->info().label == QLatin1String("QES-TEST"))
            token = candidate;
    }
    if (!token)
        return 1;
    SystemClock clock;
    const CertificateInfo issuingCa
        = CertificateInfo::listFromPem(readAll(pki + QStringLiteral("qca.pem"))).valueOr({}).value(0);
    const CertificateInfo root
        = CertificateInfo::listFromPem(readAll(pki + QStringLiteral("ca-root.pem"))).valueOr({}).value(0);
    QByteArray lastSignature;
    for (const char id : {'\x01', '\x02'}) {
        TokenCertificate certificate;
        for (const TokenCertificate &c : token->certificates().valueOr({})) {
            if (c.keyId == QByteArray(1, id))
                certificate = c;
        }
        // The worker-thread path alone (no CMS), to split the overhead.
        const QByteArray input = id == '\x01' ? digestInfo : sha256;
        const SignMechanism mechanism = id == '\x01' ? SignMechanism::RsaPkcs1 : SignMechanism::Ecdsa;
        const Measurement worker
            = measure(seconds, [&] { return token->signRaw(certificate.keyId, mechanism, input).ok(); });
        print(id == '\x01' ? "Token::signRaw RSA-2048 (Pkcs11Worker thread)"
                           : "Token::signRaw P-256 (Pkcs11Worker thread)",
              worker);
        CadesSigner signer(std::make_shared<TokenSigningKey>(token, certificate, clock), clock);
        signer.setChain({issuingCa});
        const Measurement cades = measure(seconds, [&] {
            QBuffer content;
            content.setData(document);
            content.open(QIODevice::ReadOnly);
            auto p7s = signer.sign(content);
            if (p7s && id == '\x01')
                lastSignature = *p7s;
            return p7s.ok();
        });
        const Measurement &raw = id == '\x01' ? rawRsa : rawEc;
        print(id == '\x01' ? "CAdES-B-B RSA-2048 (CadesSigner + TokenSigningKey)"
                           : "CAdES-B-B P-256 (CadesSigner + TokenSigningKey)",
              cades);
        std::printf("%-58s %27.1f %%\n", "  ratio to raw C_Sign",
                    raw.perSecond() > 0 ? 100 * cades.perSecond() / raw.perSecond() : 0);
    }

    // Verification with revocation from embedded CRLs (no network).
    RevocationEvidence evidence;
    evidence.crls
        = {readAll(pki + QStringLiteral("qca.crl.der")), readAll(pki + QStringLiteral("root.crl.der"))};
    const QByteArray withEvidence = RevocationEvidence::embedInCms(lastSignature, evidence);
    CadesVerifier verifier(clock);
    verifier.setTrustAnchors({root});
    const Measurement verifications = measure(seconds, [&] {
        QBuffer content;
        content.setData(document);
        content.open(QIODevice::ReadOnly);
        return verifier.verify(withEvidence, content).isPassed();
    });
    print("CAdES verification RSA-2048, revocation from embedded CRLs", verifications);
    return 0;
}
