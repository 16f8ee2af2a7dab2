// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/PreferredCertificate.h"
#include "signing/Token.h"
#include "signing/TokenCertificate.h"

#include <QString>

#include <memory>

namespace dms {

class TokenProvider;

/** Which card certificate signs: the preferred one when a card present holds it with
 *  its key, else the first certificate offered for qualified signing, else any with a
 *  key. Shared by every signing job of the desk, so that certification, outgoing
 *  documents and routed documents all honour the setting the same way. Call it off
 *  the GUI thread: it reads the cards. */
class SigningCertificateChoice
{
public:
    /** NoToken without a card, KeyNotFound without a certificate to sign with, or the
     *  error of an unreadable token when no other one has a certificate. */
    [[nodiscard]] static Result<SigningCertificateChoice> find(TokenProvider &provider,
                                                               const PreferredCertificate &preferred);

    const std::shared_ptr<Token> &token() const { return m_token; }
    const TokenCertificate &certificate() const { return m_certificate; }
    /** The signer's name for the stamp and messages: the common name, else the label. */
    QString signerName() const;
    /** A translated sentence saying which certificate signs and, when a preference
     *  was set, whether it was honoured. */
    const QString &note() const { return m_note; }

private:
    SigningCertificateChoice(std::shared_ptr<Token> token, TokenCertificate certificate);

    std::shared_ptr<Token> m_token;
    TokenCertificate m_certificate;
    QString m_note;
};

} // namespace dms
