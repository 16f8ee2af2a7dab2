// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SigningCertificateChoice.h"

#include "core/Tr.h"
#include "signing/TokenProvider.h"

#include <optional>
#include <utility>

namespace dms {

SigningCertificateChoice::SigningCertificateChoice(std::shared_ptr<Token> token, TokenCertificate certificate)
    : m_token(std::move(token))
    , m_certificate(std::move(certificate))
{ }

QString SigningCertificateChoice::signerName() const
{
    const QString name = m_certificate.certificate.commonName();
    return name.isEmpty() ? m_certificate.label : name;
}

Result<SigningCertificateChoice> SigningCertificateChoice::find(TokenProvider &provider,
                                                                const PreferredCertificate &preferred)
{
    auto tokens = provider.tokens();
    if (!tokens.ok())
        return tokens.error();
    if (tokens->isEmpty())
        return makeError(ErrorCode::NoToken, Tr::tr("No card was found. Insert the card into the reader."));
    std::optional<SigningCertificateChoice> qualified;
    std::optional<SigningCertificateChoice> fallback;
    std::optional<Error> unreadable;
    for (const std::shared_ptr<Token> &token : *tokens) {
        auto certificates = token->certificates();
        if (!certificates.ok()) {
            // Another token (p11-kit lists more than the card) need not stop the search.
            if (!unreadable)
                unreadable = certificates.error();
            continue;
        }
        for (const TokenCertificate &certificate : *certificates) {
            if (!certificate.hasKey)
                continue;
            if (!preferred.isEmpty() && preferred.matches(certificate)) {
                SigningCertificateChoice choice(token, certificate);
                choice.m_note
                    = Tr::tr("Signing with the preferred certificate “%1”.").arg(choice.signerName());
                return choice;
            }
            if (certificate.isQualifiedSigning() && !qualified)
                qualified = SigningCertificateChoice(token, certificate);
            if (!fallback)
                fallback = SigningCertificateChoice(token, certificate);
        }
        if (qualified && preferred.isEmpty())
            break;
    }
    std::optional<SigningCertificateChoice> chosen = qualified ? qualified : fallback;
    if (!chosen) {
        if (unreadable)
            return *unreadable;
        return makeError(ErrorCode::KeyNotFound, Tr::tr("The card holds no certificate to sign with."));
    }
    chosen->m_note = preferred.isEmpty()
        ? Tr::tr("Signing with the certificate “%1”.").arg(chosen->signerName())
        : Tr::tr("The preferred certificate is not on the card; signing with “%1” instead.")
              .arg(chosen->signerName());
    return *chosen;
}

} // namespace dms
