// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/PinProvider.h"
#include "signing/Token.h"
#include "signing/TokenCertificate.h"
#include "signing/TokenInfo.h"
#include "signing/pkcs11/Pkcs11Module.h"

#include <QHash>
#include <QList>

#include <memory>
#include <vector>

namespace dms {

/** Does every PKCS#11 call of one module; Pkcs11TokenProvider calls it only on its
 *  worker thread. Keeps one session per slot, so that the login survives between
 *  calls. Internal. */
class Pkcs11Worker final
{
public:
    explicit Pkcs11Worker(std::shared_ptr<PinProvider> pinProvider);
    ~Pkcs11Worker();
    Q_DISABLE_COPY_MOVE(Pkcs11Worker)

    [[nodiscard]] Status load(const QString &modulePath);
    /** Closes the sessions, C_Finalize, dlclose. */
    void unload();

    [[nodiscard]] Result<QList<TokenInfo>> tokens();
    [[nodiscard]] Result<QList<TokenCertificate>> certificates(const TokenInfo &token);
    [[nodiscard]] Status login(const TokenInfo &token);
    [[nodiscard]] Status logout(const TokenInfo &token);
    /** @p sessionChecked: the caller (a batch) signed with this slot's session a moment
     *  ago on this thread, so the C_GetSessionInfo check is left out; a session gone
     *  since makes C_SignInit fail, and the checked path then runs once. */
    [[nodiscard]] Result<QByteArray> sign(const TokenInfo &token, const QByteArray &keyId,
                                          SignMechanism mechanism, const QByteArray &input,
                                          bool sessionChecked = false);

private:
    /** The token in @p token's slot now, TokenRemoved when it is gone or another card sits there. */
    [[nodiscard]] Result<CK_TOKEN_INFO> currentTokenInfo(const TokenInfo &token);
    [[nodiscard]] Result<CK_SESSION_HANDLE> session(const TokenInfo &token);
    /** The slot's cached session when it is still open and logged in (or the token needs
     *  no login); CK_INVALID_HANDLE otherwise. One C_GetSessionInfo: a token pulled out
     *  or swapped closes its sessions (PKCS#11 2.40 5.6), so a live session proves the
     *  token is the same one, without C_GetTokenInfo, which SoftHSM answers from disk. */
    CK_SESSION_HANDLE readySession(const TokenInfo &token);
    /** Replaces the slot's session by a new one, ending any half-done operation;
     *  the login stays because the new session opens before the old one closes. */
    void resetSession(CK_SLOT_ID slot);
    void forgetSession(CK_SLOT_ID slot);
    [[nodiscard]] Status ensureLoggedIn(const TokenInfo &token, CK_SESSION_HANDLE session);
    /** C_Login of @p userType with a PIN from the provider or the PIN pad. */
    [[nodiscard]] Status loginAs(const TokenInfo &token, CK_SESSION_HANDLE session, CK_USER_TYPE userType,
                                 const QString &keyLabel);
    [[nodiscard]] Result<std::vector<CK_OBJECT_HANDLE>> findObjects(CK_SESSION_HANDLE session,
                                                                    std::vector<CK_ATTRIBUTE> query);
    [[nodiscard]] Result<QByteArray> attribute(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                               CK_ATTRIBUTE_TYPE type);
    CK_FLAGS tokenFlags(CK_SLOT_ID slot);

    /** A private key's handle and the attributes signing needs. */
    struct KeyObject
    {
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        bool alwaysAuthenticate = false;
        QString label;
    };
    /** The key with CKA_ID @p keyId, from the cache unless @p fresh. */
    [[nodiscard]] Result<KeyObject> privateKey(const TokenInfo &token, CK_SESSION_HANDLE session,
                                               const QByteArray &keyId, bool fresh);

    std::shared_ptr<PinProvider> m_pinProvider;
    Pkcs11Module m_module;
    QHash<CK_SLOT_ID, CK_SESSION_HANDLE> m_sessions;
    /** The token each cached session was opened on, so that a stale Token of a slot
     *  whose card was swapped never signs with the new card's session. */
    struct SessionOwner
    {
        QString serialNumber;
        QString label;
        bool loginRequired = true;
    };
    QHash<CK_SLOT_ID, SessionOwner> m_sessionOwners;
    /** Key lookups per slot and CKA_ID: saves C_FindObjects and C_GetAttributeValue
     *  round trips on every signature; dropped whenever the slot's session changes. */
    QHash<CK_SLOT_ID, QHash<QByteArray, KeyObject>> m_keys;
};

} // namespace dms
