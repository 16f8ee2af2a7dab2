// SPDX-License-Identifier: GPL-3.0-or-later
// Signing throughput on SoftHSM2 (the test token of tests/signing/fixtures):
//  1. raw C_SignInit + C_Sign per second through p11-kit-proxy on the calling thread,
//     same key, same mechanism and same input as 2. (the baseline: what the token
//     itself costs, logged in, key handle found once),
//  2. small-document CAdES-B-B signatures per second through CadesSigner +
//     TokenSigningKey + Pkcs11TokenProvider (goal: >= 90 % of 1.): SHA-256 of the
//     document, signed attributes, the hand-off to the PKCS#11 worker thread, the CMS,
//     (Token::signRaw alone is measured too, to split the overhead between the
//     worker-thread hand-off and the CMS work: CAdES / signRaw is the CMS share; and
//     the same signatures through OpenSSL's CMS API, as before the CadesTemplate),
//  3. the same through the batch API (issue 4: an official signs 50 outgoing letters at
//     once): Token::startSignBatch and CadesSigner::signBatch over batches of 50
//     documents, counted per document; the worker signs back to back while the caller
//     hashes and encodes (goal: >= 90 % of 1.),
//  4. CAdES verifications per second with revocation from embedded CRLs.
// Both RSA-2048 and P-256, each series measured for --seconds S in total (default 3).
// The series of one key run interleaved in slices of 100 ms (raw, signRaw, CAdES,
// CAdES through OpenSSL CMS, raw batch, CAdES batch, raw, ...), so that a machine whose
// load changes affects them alike. The load average is printed before and after.
//
//   bench_signing [--seconds S]

#include "core/Clock.h"
#include "signing/CadesSigner.h"
#include "signing/PinProvider.h"
#include "signing/SignatureBatch.h"
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
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <array>
#include <cstdio>
#include <ctime>
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
    /** CPU time of the whole process (all threads) meanwhile. */
    double cpuSeconds = 0;
    double perSecond() const { return seconds > 0 ? count / seconds : 0; }
    double perCpuSecond() const { return cpuSeconds > 0 ? count / cpuSeconds : 0; }
};

double processCpuSeconds()
{
    timespec now = {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

/** Runs @p step until @p seconds have passed, counting @p weight per step; a failing
 *  step stops the run (count -1). */
Measurement measure(double seconds, const std::function<bool()> &step, int weight = 1)
{
    Measurement m;
    const double cpuStart = processCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < seconds * 1000) {
        if (!step()) {
            m.count = -1;
            return m;
        }
        m.count += weight;
    }
    m.seconds = timer.elapsed() / 1000.0;
    m.cpuSeconds = processCpuSeconds() - cpuStart;
    return m;
}

void print(const char *name, const Measurement &m)
{
    std::printf("%-58s %8lld %7.2f s %9.0f /s %7.2f s %9.0f /s\n", name, m.count, m.seconds, m.perSecond(),
                m.cpuSeconds, m.perCpuSecond());
    std::fflush(stdout);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** The raw baseline: its own load of the module, one session, logged in, the key
 *  found once, then C_SignInit + C_Sign on the calling thread for every signature. */
class RawSigner
{
public:
    bool open(const QString &modulePath, CK_BYTE keyId)
    {
        if (!m_module.load(modulePath))
            return false;
        m_f = m_module.functions();
        CK_SLOT_ID slots[16];
        CK_ULONG slotCount = 16;
        if (m_f->C_GetSlotList(CK_TRUE, slots, &slotCount) != CKR_OK)
            return false;
        for (CK_ULONG i = 0; i < slotCount && m_session == CK_INVALID_HANDLE; ++i) {
            CK_TOKEN_INFO info = {};
            if (m_f->C_GetTokenInfo(slots[i], &info) == CKR_OK
                && QByteArray(reinterpret_cast<const char *>(info.label), 32).trimmed() == "QES-TEST")
                m_f->C_OpenSession(slots[i], CKF_SERIAL_SESSION, nullptr, nullptr, &m_session);
        }
        QByteArray pin(s_pin);
        if (m_session == CK_INVALID_HANDLE)
            return false;
        const CK_RV login
            = m_f->C_Login(m_session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(pin.data()), pin.size());
        if (login != CKR_OK && login != CKR_USER_ALREADY_LOGGED_IN)
            return false;
        CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
        CK_ATTRIBUTE query[] = {{CKA_CLASS, &keyClass, sizeof keyClass}, {CKA_ID, &keyId, 1}};
        CK_ULONG found = 0;
        m_f->C_FindObjectsInit(m_session, query, 2);
        m_f->C_FindObjects(m_session, &m_key, 1, &found);
        m_f->C_FindObjectsFinal(m_session);
        m_mechanism = {keyId == 1 ? CKM_RSA_PKCS : CKM_ECDSA, nullptr, 0};
        return found == 1;
    }

    ~RawSigner()
    {
        if (m_session != CK_INVALID_HANDLE)
            m_f->C_CloseSession(m_session);
    }

    bool sign(QByteArray &input)
    {
        CK_ULONG length = sizeof m_signature;
        return m_f->C_SignInit(m_session, &m_mechanism, m_key) == CKR_OK
            && m_f->C_Sign(m_session, reinterpret_cast<CK_BYTE_PTR>(input.data()), input.size(), m_signature,
                           &length)
            == CKR_OK;
    }

private:
    Pkcs11Module m_module;
    CK_FUNCTION_LIST_PTR m_f = nullptr;
    CK_SESSION_HANDLE m_session = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE m_key = CK_INVALID_HANDLE;
    CK_MECHANISM m_mechanism = {};
    CK_BYTE m_signature[512];
};

/** Runs the @p steps interleaved, 100 ms each in turn, until each has had @p seconds;
 *  a step counts as many signatures as its @p weights entry (default 1). */
QList<Measurement> measureInterleaved(double seconds, const QList<std::function<bool()>> &steps,
                                      const QList<int> &weights = {})
{
    QList<Measurement> total(steps.size());
    const int rounds = qMax(1, static_cast<int>(seconds * 10));
    for (int round = 0; round < rounds; ++round) {
        for (qsizetype i = 0; i < steps.size(); ++i) {
            if (total[i].count < 0)
                continue;
            const Measurement slice = measure(seconds / rounds, steps.at(i), weights.value(i, 1));
            if (slice.count < 0) {
                total[i].count = -1;
                continue;
            }
            total[i].count += slice.count;
            total[i].seconds += slice.seconds;
            total[i].cpuSeconds += slice.cpuSeconds;
        }
    }
    return total;
}

/** The ratio of the rates by wall-clock time and by CPU time. */
void printRatio(const char *name, const Measurement &part, const Measurement &whole)
{
    std::printf("%-58s %25.1f %% %25.1f %%\n", name,
                whole.perSecond() > 0 ? 100 * part.perSecond() / whole.perSecond() : 0,
                whole.perCpuSecond() > 0 ? 100 * part.perCpuSecond() / whole.perCpuSecond() : 0);
}

QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray("?");
}

constexpr int s_batchSize = 50;

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

    // Wall-clock rates favour the two-thread paths on a loaded machine (the scheduler
    // prefers threads that just woke up); CPU-time rates show the work per signature.
    std::printf("load average before: %s\n", loadAverage().constData());
    std::printf("%-58s %8s %9s %12s %9s %12s\n", "benchmark", "count", "wall", "rate", "CPU", "rate/CPU-s");

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
        // The same input, key and mechanism for the baseline and Token::signRaw.
        QByteArray input = id == '\x01' ? digestInfo : sha256;
        const SignMechanism mechanism = id == '\x01' ? SignMechanism::RsaPkcs1 : SignMechanism::Ecdsa;
        RawSigner raw;
        if (!raw.open(modulePath, static_cast<CK_BYTE>(id))) {
            std::fprintf(stderr, "raw PKCS#11 session setup failed\n");
            return 1;
        }
        CadesSigner signer(std::make_shared<TokenSigningKey>(token, certificate, clock), clock);
        signer.setChain({issuingCa});
        // The same signature through OpenSSL's CMS API instead of the CadesTemplate.
        CadesSigner openSslSigner(std::make_shared<TokenSigningKey>(token, certificate, clock), clock);
        openSslSigner.setChain({issuingCa});
        openSslSigner.setOpenSslEncoding(true);
        auto cades = [&](const CadesSigner &s, bool keep) {
            QBuffer content;
            content.setData(document);
            content.open(QIODevice::ReadOnly);
            auto p7s = s.sign(content);
            if (p7s && keep)
                lastSignature = *p7s;
            return p7s.ok();
        };
        // One batch of the token (raw inputs) and of CadesSigner (documents).
        auto rawBatch = [&] {
            auto batch = token->startSignBatch(certificate.keyId, mechanism);
            for (int i = 0; i < s_batchSize; ++i)
                batch->add(input);
            for (int i = 0; i < s_batchSize; ++i) {
                if (!batch->take())
                    return false;
            }
            return true;
        };
        auto cadesBatch = [&] {
            std::array<QBuffer, s_batchSize> buffers;
            QList<QIODevice *> contents;
            for (QBuffer &buffer : buffers) {
                buffer.setData(document);
                buffer.open(QIODevice::ReadOnly);
                contents.append(&buffer);
            }
            const CadesBatchResult made = signer.signBatch(contents);
            return made.status.ok() && made.signatures.size() == s_batchSize;
        };
        const QList<Measurement> results
            = measureInterleaved(seconds,
                                 {[&] { return raw.sign(input); },
                                  [&] { return token->signRaw(certificate.keyId, mechanism, input).ok(); },
                                  [&] { return cades(signer, id == '\x01'); },
                                  [&] { return cades(openSslSigner, false); }, rawBatch, cadesBatch},
                                 {1, 1, 1, 1, s_batchSize, s_batchSize});
        const bool rsa = id == '\x01';
        print(rsa ? "raw C_SignInit+C_Sign RSA-2048 PKCS#1 (baseline)"
                  : "raw C_SignInit+C_Sign P-256 ECDSA (baseline)",
              results.at(0));
        print(rsa ? "Token::signRaw RSA-2048 (Pkcs11Worker thread)"
                  : "Token::signRaw P-256 (Pkcs11Worker thread)",
              results.at(1));
        printRatio("  ratio to raw C_Sign", results.at(1), results.at(0));
        print(rsa ? "CAdES-B-B RSA-2048 (CadesSigner + TokenSigningKey)"
                  : "CAdES-B-B P-256 (CadesSigner + TokenSigningKey)",
              results.at(2));
        printRatio("  ratio to raw C_Sign (goal >= 90 %)", results.at(2), results.at(0));
        // What the CMS encoding costs on top of the hand-off to the worker thread.
        printRatio("  ratio to Token::signRaw", results.at(2), results.at(1));
        print(rsa ? "CAdES-B-B RSA-2048, OpenSSL CMS encoding (reference)"
                  : "CAdES-B-B P-256, OpenSSL CMS encoding (reference)",
              results.at(3));
        printRatio("  ratio to raw C_Sign", results.at(3), results.at(0));
        print(rsa ? "Token::startSignBatch RSA-2048, batches of 50"
                  : "Token::startSignBatch P-256, batches of 50",
              results.at(4));
        printRatio("  ratio to raw C_Sign", results.at(4), results.at(0));
        print(rsa ? "CAdES-B-B RSA-2048, CadesSigner::signBatch of 50"
                  : "CAdES-B-B P-256, CadesSigner::signBatch of 50",
              results.at(5));
        printRatio("  ratio to raw C_Sign (goal >= 90 %)", results.at(5), results.at(0));
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
    std::printf("load average after: %s\n", loadAverage().constData());
    return 0;
}
