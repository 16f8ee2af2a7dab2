// SPDX-License-Identifier: GPL-3.0-or-later
#include "SigningCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"

#ifdef DMS_HAVE_SIGNING
#include "core/Clock.h"
#include "signing/CadesSigner.h"
#include "signing/HttpTimestampClient.h"
#include "signing/PinProvider.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pades/PadesSigner.h"
#include "signing/pades/PadesVerifier.h"
#include "signing/verify/CadesVerifier.h"
#include "signing/verify/HttpRevocationFetcher.h"
#include "signing/xml/XmlDsigSigner.h"
#include "signing/xml/XmlDsigVerifier.h"
#ifdef DMS_HAVE_SIGNING_PKCS11
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#endif

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <optional>
#endif

namespace dms::cli {

#ifdef DMS_HAVE_SIGNING

namespace {

enum class Format { Cades, Pades, Xades };

/** The PIN or password from an environment variable named on the command line, so it
 *  is neither in the process list nor in the shell history. */
class EnvironmentPinProvider final : public PinProvider
{
public:
    explicit EnvironmentPinProvider(QByteArray pin)
        : m_pin(std::move(pin))
    { }
    Result<QByteArray> pin(const PinRequest &) override { return m_pin; }

private:
    QByteArray m_pin;
};

/** The value of the environment variable named by @p option; nullopt after a usage error. */
std::optional<QByteArray> secretFrom(Invocation &cli, const QString &option)
{
    const auto name = cli.required(option);
    if (!name)
        return std::nullopt;
    if (!qEnvironmentVariableIsSet(name->toLocal8Bit().constData())) {
        cli.usage(Tr::tr("The environment variable %1 is not set.").arg(*name));
        return std::nullopt;
    }
    return qgetenv(name->toLocal8Bit().constData());
}

bool looksLikePdf(const QByteArray &head)
{
    return head.startsWith("%PDF-");
}

bool looksLikeXml(const QByteArray &head)
{
    QByteArray trimmed = head;
    if (trimmed.startsWith("\xEF\xBB\xBF"))
        trimmed.remove(0, 3);
    return trimmed.trimmed().startsWith('<');
}

QByteArray headOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(1024) : QByteArray();
}

Error fileError(const QString &message, const QFileDevice &file)
{
    return makeError(ErrorCode::InvalidInput, message,
                     QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
}

/** Everything the signing key needs alive while it is used. */
struct KeyHolder
{
#ifdef DMS_HAVE_SIGNING_PKCS11
    std::shared_ptr<Pkcs11TokenProvider> provider;
#endif
    std::shared_ptr<SigningKey> key;
    QList<CertificateInfo> chain;
};

/** The key from --pkcs12/--pass-env or --token/--pin-env; nullopt after the error was printed. */
std::optional<KeyHolder> openKey(Invocation &cli, const Clock &clock, int &exitCode)
{
    const bool pkcs12 = cli.isSet(QStringLiteral("pkcs12"));
    const bool token = cli.isSet(QStringLiteral("token"));
    if (pkcs12 == token) {
        exitCode
            = cli.usage(Tr::tr("Give either --pkcs12 FILE --pass-env VAR or --token LABEL --pin-env VAR."));
        return std::nullopt;
    }
    KeyHolder holder;
    if (pkcs12) {
        const auto password = secretFrom(cli, QStringLiteral("pass-env"));
        if (!password) {
            exitCode = ExitUsage;
            return std::nullopt;
        }
        auto key = SoftwareSigningKey::fromPkcs12File(cli.value(QStringLiteral("pkcs12")), *password, clock);
        if (!key) {
            exitCode = cli.fail(key.error());
            return std::nullopt;
        }
        holder.chain = (*key)->caCertificates();
        holder.key = std::move(*key);
        return holder;
    }
#ifdef DMS_HAVE_SIGNING_PKCS11
    const auto pin = secretFrom(cli, QStringLiteral("pin-env"));
    if (!pin) {
        exitCode = ExitUsage;
        return std::nullopt;
    }
    auto provider = Pkcs11TokenProvider::load(std::make_shared<EnvironmentPinProvider>(*pin),
                                              cli.value(QStringLiteral("module")));
    if (!provider) {
        exitCode = cli.fail(provider.error());
        return std::nullopt;
    }
    holder.provider = *provider;
    auto tokens = holder.provider->tokens();
    if (!tokens) {
        exitCode = cli.fail(tokens.error());
        return std::nullopt;
    }
    const QString label = cli.value(QStringLiteral("token"));
    const QByteArray keyId = QByteArray::fromHex(cli.value(QStringLiteral("key-id")).toLatin1());
    for (const auto &candidate : std::as_const(*tokens)) {
        if (candidate->info().label != label)
            continue;
        auto certificates = candidate->qualifiedCertificates();
        if (!certificates) {
            exitCode = cli.fail(certificates.error());
            return std::nullopt;
        }
        for (const TokenCertificate &certificate : std::as_const(*certificates)) {
            if (keyId.isEmpty() || certificate.keyId == keyId) {
                holder.key = std::make_shared<TokenSigningKey>(candidate, certificate, clock);
                return holder;
            }
        }
        exitCode = cli.fail(makeError(ErrorCode::KeyNotFound,
                                      Tr::tr("The token has no qualified signing certificate%1.")
                                          .arg(keyId.isEmpty() ? QString() : Tr::tr(" with that key id")),
                                      label));
        return std::nullopt;
    }
    exitCode = cli.fail(
        makeError(ErrorCode::NoToken, Tr::tr("No token with the label \"%1\" is present.").arg(label)));
    return std::nullopt;
#else
    exitCode = cli.usage(Tr::tr("This delovodctl was built without smartcard (PKCS#11) support."));
    return std::nullopt;
#endif
}

QString defaultOutput(const QString &input, Format format)
{
    const QFileInfo info(input);
    switch (format) {
    case Format::Cades:
        return input + QStringLiteral(".p7s");
    case Format::Pades:
        return info.dir().filePath(info.completeBaseName() + QStringLiteral("-signed.pdf"));
    case Format::Xades:
        return info.dir().filePath(info.completeBaseName() + QStringLiteral("-signed.xml"));
    }
    return {};
}

Status writeAtomically(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return fileError(Tr::tr("The signed file cannot be written."), file);
    return {};
}

int runSign(Invocation &cli)
{
    const QString input = cli.arguments().first();
    Format format = looksLikePdf(headOf(input)) ? Format::Pades
        : looksLikeXml(headOf(input))           ? Format::Xades
                                                : Format::Cades;
    if (cli.isSet(QStringLiteral("format"))) {
        const QString name = cli.value(QStringLiteral("format"));
        if (name == QLatin1String("cades"))
            format = Format::Cades;
        else if (name == QLatin1String("pades"))
            format = Format::Pades;
        else if (name == QLatin1String("xades"))
            format = Format::Xades;
        else
            return cli.usage(Tr::tr("Unknown signature format \"%1\": use cades, pades or xades.").arg(name));
    }
    if (!QFileInfo(input).isFile())
        return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("The file to sign does not exist."), input));
    SystemClock clock;
    int exitCode = ExitOk;
    auto holder = openKey(cli, clock, exitCode);
    if (!holder)
        return exitCode;
    const QString output
        = cli.isSet(QStringLiteral("out")) ? cli.value(QStringLiteral("out")) : defaultOutput(input, format);
    // B-T: the signature value is time-stamped by the TSA (CAdES and PAdES only).
    std::optional<HttpTimestampClient> tsa;
    if (cli.isSet(QStringLiteral("tsa"))) {
        if (format == Format::Xades)
            return cli.usage(Tr::tr("--tsa is supported for cades and pades signatures only."));
        tsa.emplace(cli.value(QStringLiteral("tsa")));
    }
    TimestampClient *timestampClient = tsa ? &*tsa : nullptr;
    Status signedOk;
    switch (format) {
    case Format::Cades: {
        CadesSigner signer(holder->key, clock);
        signer.setChain(holder->chain);
        signer.setTimestampClient(timestampClient);
        QFile content(input);
        if (!content.open(QIODevice::ReadOnly))
            return cli.fail(fileError(Tr::tr("The file to sign cannot be read."), content));
        signedOk = signer.signToFile(content, output);
        break;
    }
    case Format::Pades: {
        PadesSigner signer(holder->key, clock);
        signer.setChain(holder->chain);
        signer.setTimestampClient(timestampClient);
        signedOk = signer.signFile(input, output);
        break;
    }
    case Format::Xades: {
        QFile content(input);
        if (!content.open(QIODevice::ReadOnly))
            return cli.fail(fileError(Tr::tr("The file to sign cannot be read."), content));
        XmlSignatureOptions options;
        options.form = XmlSignatureOptions::Form::XadesBaselineB;
        options.extraCertificates = holder->chain;
        XmlDsigSigner signer(*holder->key, clock);
        auto signedXml = signer.signEnveloped(content.readAll(), options);
        signedOk = signedXml ? writeAtomically(output, *signedXml) : Status(signedXml.error());
        break;
    }
    }
    if (!signedOk)
        return cli.fail(signedOk.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("output"), output},
                                        {QStringLiteral("signer"), holder->key->certificate().subject()}});
    else
        cli.console().line(Tr::tr("Signed by %1: %2").arg(holder->key->certificate().commonName(), output));
    return ExitOk;
}

QJsonObject reportJson(const SignatureReport &report)
{
    return QJsonObject {
        {QStringLiteral("indication"), SignatureReport::indicationName(report.indication)},
        {QStringLiteral("subIndication"), SignatureReport::subIndicationName(report.subIndication)},
        {QStringLiteral("level"), SignatureReport::levelName(report.level)},
        {QStringLiteral("format"), report.format},
        {QStringLiteral("signer"), report.signer.subject()},
        {QStringLiteral("signingTime"), report.signingTime.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("signingTimeFromTimestamp"), report.signingTimeFromTimestamp},
        {QStringLiteral("validationTime"), report.validationTime.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("errors"), QJsonArray::fromStringList(report.errors)},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(report.warnings)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(report.notes)},
    };
}

void printReport(Console &console, const SignatureReport &report)
{
    const QString sub = SignatureReport::subIndicationName(report.subIndication);
    console.line(Tr::tr("Indication: %1")
                     .arg(SignatureReport::indicationName(report.indication)
                          + (sub.isEmpty() ? QString() : QStringLiteral(" / ") + sub)));
    console.line(Tr::tr("Level: %1").arg(SignatureReport::levelName(report.level)));
    if (!report.format.isEmpty())
        console.line(Tr::tr("Format: %1").arg(report.format));
    if (!report.signer.isNull())
        console.line(Tr::tr("Signer: %1").arg(report.signer.subject()));
    if (report.signingTime.isValid())
        console.line(Tr::tr("Signing time: %1 (%2)")
                         .arg(report.signingTime.toUTC().toString(Qt::ISODate),
                              report.signingTimeFromTimestamp ? Tr::tr("time-stamp")
                                                              : Tr::tr("claimed by the signer")));
    for (const QString &error : report.errors)
        console.line(Tr::tr("Error: %1").arg(error));
    for (const QString &warning : report.warnings)
        console.line(Tr::tr("Warning: %1").arg(warning));
    for (const QString &note : report.notes)
        console.line(Tr::tr("Note: %1").arg(note));
}

int runVerify(Invocation &cli)
{
    const QString input = cli.arguments().first();
    SystemClock clock;
    QList<CertificateInfo> anchors;
    if (cli.isSet(QStringLiteral("trust"))) {
        CadesVerifier loader(clock);
        if (auto loaded = loader.loadTrustAnchorsPem(cli.value(QStringLiteral("trust"))); !loaded)
            return cli.fail(loaded.error());
        anchors = loader.trustAnchors();
    }
    CadesVerifier cades(clock);
    cades.setTrustAnchors(anchors);
    HttpRevocationFetcher fetcher;
    cades.setRevocationFetcher(&fetcher);
    if (cli.isSet(QStringLiteral("no-revocation"))) {
        ValidationPolicy policy = cades.policy();
        policy.revocationRequired = false;
        policy.onlineRevocation = false;
        cades.setPolicy(policy);
    }

    QList<SignatureReport> reports;
    QString signaturePath = cli.value(QStringLiteral("signature"));
    QString contentPath = input;
    if (signaturePath.isEmpty() && input.endsWith(QLatin1String(".p7s"))) {
        signaturePath = input;
        contentPath = input.chopped(4);
    }
    QFile content(contentPath);
    if (!content.open(QIODevice::ReadOnly))
        return cli.fail(fileError(Tr::tr("The signed file cannot be read."), content));
    if (!signaturePath.isEmpty()) {
        QFile p7s(signaturePath);
        if (!p7s.open(QIODevice::ReadOnly))
            return cli.fail(fileError(Tr::tr("The signature file cannot be read."), p7s));
        reports.append(cades.verify(p7s.readAll(), content));
    } else if (looksLikePdf(content.peek(1024))) {
        content.close();
        PadesVerifier pades(cades);
        auto pdfReports = pades.verifyFile(contentPath);
        if (!pdfReports)
            return cli.fail(pdfReports.error());
        reports = *pdfReports;
    } else if (looksLikeXml(content.peek(1024))) {
        XmlDsigVerifier xml(clock);
        xml.setTrustAnchors(anchors);
        XmlVerificationOptions options;
        options.acceptSha1 = cli.isSet(QStringLiteral("accept-sha1"));
        xml.setOptions(options);
        reports.append(xml.verify(content.readAll()).report);
    } else {
        return cli.usage(
            Tr::tr("The file is neither PDF nor XML; give the detached signature with --signature."));
    }

    bool allPassed = !reports.isEmpty();
    for (const SignatureReport &report : std::as_const(reports))
        allPassed = allPassed && report.isPassed();
    if (cli.json()) {
        QJsonArray signatures;
        for (const SignatureReport &report : std::as_const(reports))
            signatures.append(reportJson(report));
        cli.console().json(QJsonObject {{QStringLiteral("file"), input},
                                        {QStringLiteral("passed"), allPassed},
                                        {QStringLiteral("signatures"), signatures}});
    } else if (reports.isEmpty()) {
        cli.console().line(Tr::tr("The file has no signature."));
    } else {
        for (int i = 0; i < reports.size(); ++i) {
            if (reports.size() > 1)
                cli.console().line(Tr::tr("Signature %1 of %2").arg(i + 1).arg(reports.size()));
            printReport(cli.console(), reports.at(i));
            if (i + 1 < reports.size())
                cli.console().line();
        }
    }
    return allPassed ? ExitOk : ExitVerificationFailed;
}

} // namespace

QList<Command> signingCommands()
{
    QList<Command> commands;

    Command sign;
    sign.words = {QStringLiteral("sign")};
    sign.arguments
        = QStringLiteral("FILE [--format cades|pades|xades] (--pkcs12 FILE --pass-env VAR | --token LABEL "
                         "--pin-env VAR [--key-id HEX] [--module PATH]) [--tsa URL] [--out FILE]");
    sign.summary = Tr::tr("sign a file with a smartcard or a PKCS#12 key");
    sign.description = Tr::tr(
        "Signs FILE as a detached CAdES signature (FILE.p7s), a PAdES signature inside a PDF "
        "(NAME-signed.pdf) or an "
        "enveloped XAdES signature inside an XML document (NAME-signed.xml); without --format the format "
        "follows the "
        "file's content. The key is a PKCS#12 file whose password is in the environment variable named by "
        "--pass-env, or the first qualified certificate (or --key-id) of the token with the given label, "
        "whose PIN "
        "is in the variable named by --pin-env. Signatures are baseline B; with --tsa (http:// URL of an RFC "
        "3161 "
        "time-stamping authority) CAdES and PAdES signatures are time-stamped (baseline T). Exits with 0 "
        "when "
        "signed, 1 for a wrong command line and 2 when signing failed (wrong PIN, expired certificate ...).");
    sign.options = {
        QCommandLineOption(QStringLiteral("format"), Tr::tr("cades, pades or xades."),
                           QStringLiteral("FORMAT")),
        QCommandLineOption(QStringLiteral("pkcs12"), Tr::tr("The PKCS#12 key file."), QStringLiteral("FILE")),
        QCommandLineOption(QStringLiteral("pass-env"),
                           Tr::tr("The environment variable holding the PKCS#12 password."),
                           QStringLiteral("VAR")),
        QCommandLineOption(QStringLiteral("token"), Tr::tr("The label of the smartcard/token."),
                           QStringLiteral("LABEL")),
        QCommandLineOption(QStringLiteral("pin-env"),
                           Tr::tr("The environment variable holding the token PIN."), QStringLiteral("VAR")),
        QCommandLineOption(QStringLiteral("key-id"),
                           Tr::tr("The key's PKCS#11 id (hex) when the token has several."),
                           QStringLiteral("HEX")),
        QCommandLineOption(QStringLiteral("module"),
                           Tr::tr("The PKCS#11 module (default: p11-kit-proxy.so)."), QStringLiteral("PATH")),
        QCommandLineOption(QStringLiteral("tsa"),
                           Tr::tr("The RFC 3161 time-stamping authority (http://) for baseline T."),
                           QStringLiteral("URL")),
        QCommandLineOption(QStringLiteral("out"), Tr::tr("The file to write."), QStringLiteral("FILE")),
    };
    sign.examples = {QStringLiteral("sign letter.pdf --token \"QES card\" --pin-env CARD_PIN"),
                     QStringLiteral("sign message.xml --pkcs12 seal.p12 --pass-env SEAL_PASS"),
                     QStringLiteral("sign report.odt --format cades --pkcs12 seal.p12 --pass-env SEAL_PASS")};
    sign.minArguments = 1;
    sign.maxArguments = 1;
    sign.hasJson = true;
    sign.needsDatabase = false;
    sign.run = runSign;
    commands << sign;

    Command verify;
    verify.words = {QStringLiteral("verify")};
    verify.arguments
        = QStringLiteral("FILE [--signature P7S] [--trust PEM] [--no-revocation] [--accept-sha1]");
    verify.summary = Tr::tr("verify the signatures of a file");
    verify.description
        = Tr::tr("Verifies the PAdES signatures of a PDF, the enveloped XMLDSig/XAdES "
                 "signature of an XML document, or a "
                 "detached CAdES signature (--signature, or FILE.p7s next to FILE), and "
                 "prints a report per signature like "
                 "the EU DSS: TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED with the reason, "
                 "the level (QES, AdES-QC, AdES), "
                 "the signer and the signing time. Certificates chain to the anchors of "
                 "--trust (PEM); without it no chain "
                 "is trusted. The revocation of CAdES and PAdES signers is checked with the embedded "
                 "OCSP/CRL data, then "
                 "online; --no-revocation makes a missing status a warning and stays offline (XML signatures "
                 "are not checked "
                 "for revocation yet). Exits with 0 when every signature passed, 3 when one failed or "
                 "is indeterminate (or there is "
                 "none), 1 for a wrong command line and 2 when the file cannot be read.");
    verify.options = {
        QCommandLineOption(QStringLiteral("signature"), Tr::tr("The detached CAdES signature of FILE."),
                           QStringLiteral("P7S")),
        QCommandLineOption(QStringLiteral("trust"), Tr::tr("The trusted CA certificates (PEM)."),
                           QStringLiteral("PEM")),
        QCommandLineOption(
            QStringLiteral("no-revocation"),
            Tr::tr("Do not require the certificates' revocation status and do not go online.")),
        QCommandLineOption(QStringLiteral("accept-sha1"),
                           Tr::tr("Accept XML signatures with SHA-1 (Article 18 exchange messages).")),
    };
    verify.examples
        = {QStringLiteral("verify letter-signed.pdf --trust qtsp-roots.pem"),
           QStringLiteral("verify report.odt --signature report.odt.p7s --trust qtsp-roots.pem --json"),
           QStringLiteral("verify message.xml --accept-sha1 --trust exchange-ca.pem")};
    verify.minArguments = 1;
    verify.maxArguments = 1;
    verify.hasJson = true;
    verify.needsDatabase = false;
    verify.run = runVerify;
    commands << verify;

    return commands;
}

#else

QList<Command> signingCommands()
{
    return {};
}

#endif

} // namespace dms::cli
