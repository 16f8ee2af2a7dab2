// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11Worker.h"

#include "core/Tr.h"
#include "signing/SigningLog.h"
#include "signing/pkcs11/Pkcs11Error.h"

#include <QSet>

#include <utility>

namespace dms {

namespace {

// PKCS#11 text fields are fixed-size, blank-padded UTF-8 without a terminator.
template<std::size_t N>
QString paddedText(const CK_UTF8CHAR (&field)[N])
{
    return QString::fromUtf8(reinterpret_cast<const char *>(field), N).trimmed();
}

PinState pinStateOf(CK_FLAGS flags)
{
    if (flags & CKF_USER_PIN_LOCKED)
        return PinState::Locked;
    if (flags & CKF_USER_PIN_FINAL_TRY)
        return PinState::FinalTry;
    if (flags & CKF_USER_PIN_COUNT_LOW)
        return PinState::CountLow;
    return PinState::Ok;
}

} // namespace

Pkcs11Worker::Pkcs11Worker(std::shared_ptr<PinProvider> pinProvider)
    : m_pinProvider(std::move(pinProvider))
{ }

Pkcs11Worker::~Pkcs11Worker()
{
    unload();
}

Status Pkcs11Worker::load(const QString &modulePath)
{
    return m_module.load(modulePath);
}

void Pkcs11Worker::unload()
{
    if (m_module.isLoaded()) {
        for (const CK_SESSION_HANDLE session : std::as_const(m_sessions))
            m_module.functions()->C_CloseSession(session);
    }
    m_sessions.clear();
    m_sessionOwners.clear();
    m_keys.clear();
    m_module.unload();
}

Result<QList<TokenInfo>> Pkcs11Worker::tokens()
{
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    CK_ULONG count = 0;
    CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &count);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_GetSlotList"));
    std::vector<CK_SLOT_ID> slots(count);
    rv = f->C_GetSlotList(CK_TRUE, slots.data(), &count);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_GetSlotList"));
    slots.resize(count);

    QList<TokenInfo> result;
    for (const CK_SLOT_ID slot : slots) {
        CK_SLOT_INFO slotInfo = {};
        CK_TOKEN_INFO tokenInfo = {};
        // A card pulled out between the two calls is simply not listed.
        if (f->C_GetSlotInfo(slot, &slotInfo) != CKR_OK || f->C_GetTokenInfo(slot, &tokenInfo) != CKR_OK)
            continue;
        TokenInfo info;
        info.slot = slot;
        info.label = paddedText(tokenInfo.label);
        info.manufacturer = paddedText(tokenInfo.manufacturerID);
        info.model = paddedText(tokenInfo.model);
        info.serialNumber = paddedText(tokenInfo.serialNumber);
        info.slotDescription = paddedText(slotInfo.slotDescription);
        info.hasPinPad = (tokenInfo.flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
        info.loginRequired = (tokenInfo.flags & CKF_LOGIN_REQUIRED) != 0;
        info.pinState = pinStateOf(tokenInfo.flags);
        result.append(info);
    }
    return result;
}

Result<CK_TOKEN_INFO> Pkcs11Worker::currentTokenInfo(const TokenInfo &token)
{
    CK_TOKEN_INFO info = {};
    const CK_RV rv = m_module.functions()->C_GetTokenInfo(token.slot, &info);
    if (rv != CKR_OK) {
        forgetSession(token.slot);
        return pkcs11Error(rv, QStringLiteral("C_GetTokenInfo"));
    }
    if (paddedText(info.serialNumber) != token.serialNumber || paddedText(info.label) != token.label) {
        forgetSession(token.slot);
        return makeError(ErrorCode::TokenRemoved, Tr::tr("The card was removed."),
                         QStringLiteral("another token is in slot %1").arg(token.slot));
    }
    return info;
}

CK_FLAGS Pkcs11Worker::tokenFlags(CK_SLOT_ID slot)
{
    CK_TOKEN_INFO info = {};
    return m_module.functions()->C_GetTokenInfo(slot, &info) == CKR_OK ? info.flags : 0;
}

Result<CK_SESSION_HANDLE> Pkcs11Worker::session(const TokenInfo &token)
{
    auto tokenInfo = currentTokenInfo(token);
    if (!tokenInfo)
        return tokenInfo.error();
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    const auto cached = m_sessions.constFind(token.slot);
    if (cached != m_sessions.constEnd()) {
        CK_SESSION_INFO info = {};
        if (f->C_GetSessionInfo(*cached, &info) == CKR_OK)
            return *cached;
        forgetSession(token.slot);
    }
    CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = f->C_OpenSession(token.slot, CKF_SERIAL_SESSION, nullptr, nullptr, &handle);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_OpenSession"));
    m_sessions.insert(token.slot, handle);
    m_sessionOwners.insert(token.slot,
                           {token.serialNumber, token.label, (tokenInfo->flags & CKF_LOGIN_REQUIRED) != 0});
    m_keys.remove(token.slot);
    return handle;
}

CK_SESSION_HANDLE Pkcs11Worker::readySession(const TokenInfo &token)
{
    const auto cached = m_sessions.constFind(token.slot);
    const auto owner = m_sessionOwners.constFind(token.slot);
    if (cached == m_sessions.constEnd() || owner == m_sessionOwners.constEnd()
        || owner->serialNumber != token.serialNumber || owner->label != token.label)
        return CK_INVALID_HANDLE;
    CK_SESSION_INFO info = {};
    if (m_module.functions()->C_GetSessionInfo(*cached, &info) != CKR_OK || info.slotID != token.slot)
        return CK_INVALID_HANDLE;
    const bool loggedIn = info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS;
    return loggedIn || !owner->loginRequired ? *cached : CK_INVALID_HANDLE;
}

void Pkcs11Worker::resetSession(CK_SLOT_ID slot)
{
    CK_SESSION_HANDLE fresh = CK_INVALID_HANDLE;
    const auto old = m_sessions.constFind(slot);
    if (old == m_sessions.constEnd())
        return;
    const CK_SESSION_HANDLE oldHandle = *old;
    m_sessions.remove(slot);
    m_keys.remove(slot);
    if (m_module.functions()->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &fresh) == CKR_OK)
        m_sessions.insert(slot, fresh);
    m_module.functions()->C_CloseSession(oldHandle);
}

void Pkcs11Worker::forgetSession(CK_SLOT_ID slot)
{
    const auto it = m_sessions.constFind(slot);
    if (it == m_sessions.constEnd())
        return;
    m_module.functions()->C_CloseSession(*it);
    m_sessions.remove(slot);
    m_sessionOwners.remove(slot);
    m_keys.remove(slot);
}

Status Pkcs11Worker::ensureLoggedIn(const TokenInfo &token, CK_SESSION_HANDLE session)
{
    CK_SESSION_INFO info = {};
    const CK_RV rv = m_module.functions()->C_GetSessionInfo(session, &info);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_GetSessionInfo"));
    if (info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS)
        return {};
    if (!(tokenFlags(token.slot) & CKF_LOGIN_REQUIRED))
        return {};
    return loginAs(token, session, CKU_USER, {});
}

Status Pkcs11Worker::loginAs(const TokenInfo &token, CK_SESSION_HANDLE session, CK_USER_TYPE userType,
                             const QString &keyLabel)
{
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    const CK_FLAGS flags = tokenFlags(token.slot);
    // A locked PIN is reported without asking the user for a PIN that cannot work.
    if (flags & CKF_USER_PIN_LOCKED)
        return pkcs11Error(CKR_PIN_LOCKED, QStringLiteral("C_GetTokenInfo"), flags);

    PinRequest request;
    request.kind = userType == CKU_CONTEXT_SPECIFIC ? PinRequest::Kind::Signature : PinRequest::Kind::Login;
    request.tokenLabel = token.label;
    request.tokenSerialNumber = token.serialNumber;
    request.keyLabel = keyLabel;
    request.pinState = pinStateOf(flags);

    CK_RV rv = CKR_OK;
    if (flags & CKF_PROTECTED_AUTHENTICATION_PATH) {
        m_pinProvider->pinPadEntry(request, true);
        rv = f->C_Login(session, userType, nullptr, 0);
        m_pinProvider->pinPadEntry(request, false);
    } else {
        auto pin = m_pinProvider->pin(request);
        if (!pin)
            return pin.error();
        rv = f->C_Login(session, userType, reinterpret_cast<CK_UTF8CHAR_PTR>(pin->data()),
                        static_cast<CK_ULONG>(pin->size()));
        pin->fill('\0');
    }
    if (rv == CKR_OK || (rv == CKR_USER_ALREADY_LOGGED_IN && userType == CKU_USER))
        return {};
    const Error error = pkcs11Error(rv, QStringLiteral("C_Login"), tokenFlags(token.slot));
    qCInfo(dmsSigning) << "login to token" << token.label << "failed:" << error.detail;
    return error;
}

Result<std::vector<CK_OBJECT_HANDLE>> Pkcs11Worker::findObjects(CK_SESSION_HANDLE session,
                                                                std::vector<CK_ATTRIBUTE> query)
{
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    CK_RV rv = f->C_FindObjectsInit(session, query.data(), static_cast<CK_ULONG>(query.size()));
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_FindObjectsInit"));
    std::vector<CK_OBJECT_HANDLE> objects;
    CK_OBJECT_HANDLE batch[32];
    for (;;) {
        CK_ULONG found = 0;
        rv = f->C_FindObjects(session, batch, 32, &found);
        if (rv != CKR_OK || found == 0)
            break;
        objects.insert(objects.end(), batch, batch + found);
    }
    f->C_FindObjectsFinal(session);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_FindObjects"));
    return objects;
}

Result<QByteArray> Pkcs11Worker::attribute(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                                           CK_ATTRIBUTE_TYPE type)
{
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    CK_ATTRIBUTE query = {type, nullptr, 0};
    CK_RV rv = f->C_GetAttributeValue(session, object, &query, 1);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE
        || query.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return QByteArray();
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_GetAttributeValue"));
    QByteArray value(static_cast<qsizetype>(query.ulValueLen), '\0');
    query.pValue = value.data();
    rv = f->C_GetAttributeValue(session, object, &query, 1);
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_GetAttributeValue"));
    value.resize(static_cast<qsizetype>(query.ulValueLen));
    return value;
}

Result<QList<TokenCertificate>> Pkcs11Worker::certificates(const TokenInfo &token)
{
    auto handle = session(token);
    if (!handle)
        return handle.error();

    CK_OBJECT_CLASS certificateClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    auto objects = findObjects(*handle,
                               {{CKA_CLASS, &certificateClass, sizeof certificateClass},
                                {CKA_CERTIFICATE_TYPE, &x509, sizeof x509}});
    if (!objects)
        return objects.error();

    QSet<QByteArray> keyIds;
    for (CK_OBJECT_CLASS keyClass : {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
        auto keys = findObjects(*handle, {{CKA_CLASS, &keyClass, sizeof keyClass}});
        if (!keys)
            return keys.error();
        for (const CK_OBJECT_HANDLE key : *keys) {
            auto id = attribute(*handle, key, CKA_ID);
            if (!id)
                return id.error();
            if (!id->isEmpty())
                keyIds.insert(*id);
        }
    }

    QList<TokenCertificate> result;
    for (const CK_OBJECT_HANDLE object : *objects) {
        auto der = attribute(*handle, object, CKA_VALUE);
        auto id = attribute(*handle, object, CKA_ID);
        auto label = attribute(*handle, object, CKA_LABEL);
        if (!der || !id || !label)
            return !der ? der.error() : !id ? id.error() : label.error();
        auto info = CertificateInfo::fromDer(*der);
        if (!info) {
            qCWarning(dmsSigning) << "skipping an unreadable certificate on token" << token.label;
            continue;
        }
        TokenCertificate certificate;
        certificate.keyId = *id;
        certificate.label = QString::fromUtf8(*label);
        certificate.certificate = std::move(*info);
        certificate.hasKey = !id->isEmpty() && keyIds.contains(*id);
        result.append(std::move(certificate));
    }
    return result;
}

Status Pkcs11Worker::login(const TokenInfo &token)
{
    auto handle = session(token);
    if (!handle)
        return handle.error();
    return ensureLoggedIn(token, *handle);
}

Status Pkcs11Worker::logout(const TokenInfo &token)
{
    const auto it = m_sessions.constFind(token.slot);
    if (it == m_sessions.constEnd())
        return {};
    const CK_RV rv = m_module.functions()->C_Logout(*it);
    if (rv == CKR_OK || rv == CKR_USER_NOT_LOGGED_IN)
        return {};
    forgetSession(token.slot);
    const Error error = pkcs11Error(rv, QStringLiteral("C_Logout"));
    // Logging out of a removed card is done: nobody is logged in any more.
    if (error.code == ErrorCode::TokenRemoved)
        return {};
    return error;
}

Result<Pkcs11Worker::KeyObject> Pkcs11Worker::privateKey(const TokenInfo &token, CK_SESSION_HANDLE session,
                                                         const QByteArray &keyId, bool fresh)
{
    if (!fresh) {
        const auto slotKeys = m_keys.constFind(token.slot);
        if (slotKeys != m_keys.constEnd()) {
            const auto cached = slotKeys->constFind(keyId);
            if (cached != slotKeys->constEnd())
                return *cached;
        }
    }
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    QByteArray id = keyId;
    auto keys = findObjects(
        session,
        {{CKA_CLASS, &keyClass, sizeof keyClass}, {CKA_ID, id.data(), static_cast<CK_ULONG>(id.size())}});
    if (!keys)
        return keys.error();
    if (keys->empty() || keyId.isEmpty())
        return makeError(ErrorCode::KeyNotFound, Tr::tr("The key of this certificate is not on the card."),
                         QStringLiteral("no private key with id %1").arg(QString::fromLatin1(keyId.toHex())));
    KeyObject key;
    key.handle = keys->front();
    auto alwaysAuthenticate = attribute(session, key.handle, CKA_ALWAYS_AUTHENTICATE);
    auto keyLabel = attribute(session, key.handle, CKA_LABEL);
    if (!alwaysAuthenticate || !keyLabel)
        return !alwaysAuthenticate ? alwaysAuthenticate.error() : keyLabel.error();
    key.alwaysAuthenticate = !alwaysAuthenticate->isEmpty() && alwaysAuthenticate->at(0) != 0;
    key.label = QString::fromUtf8(*keyLabel);
    m_keys[token.slot].insert(keyId, key);
    return key;
}

Result<QByteArray> Pkcs11Worker::sign(const TokenInfo &token, const QByteArray &keyId,
                                      SignMechanism mechanism, const QByteArray &input, bool sessionChecked)
{
    // The common case, a repeated signature: one C_GetSessionInfo before C_SignInit
    // (none within a batch).
    CK_SESSION_HANDLE ready = CK_INVALID_HANDLE;
    if (sessionChecked) {
        const auto cached = m_sessions.constFind(token.slot);
        const auto owner = m_sessionOwners.constFind(token.slot);
        if (cached != m_sessions.constEnd() && owner != m_sessionOwners.constEnd()
            && owner->serialNumber == token.serialNumber && owner->label == token.label)
            ready = *cached;
        else
            sessionChecked = false;
    }
    if (ready == CK_INVALID_HANDLE)
        ready = readySession(token);
    if (ready == CK_INVALID_HANDLE) {
        auto handle = session(token);
        if (!handle)
            return handle.error();
        DMS_TRY(ensureLoggedIn(token, *handle));
        ready = *handle;
    }

    auto key = privateKey(token, ready, keyId, false);
    if (!key)
        return key.error();
    CK_FUNCTION_LIST_PTR f = m_module.functions();
    CK_MECHANISM ckMechanism = {mechanism == SignMechanism::RsaPkcs1 ? CKM_RSA_PKCS : CKM_ECDSA, nullptr, 0};
    CK_RV rv = f->C_SignInit(ready, &ckMechanism, key->handle);
    if (rv == CKR_KEY_HANDLE_INVALID || rv == CKR_OBJECT_HANDLE_INVALID) {
        // The cached handle went stale (objects changed on the token): look it up again.
        key = privateKey(token, ready, keyId, true);
        if (!key)
            return key.error();
        rv = f->C_SignInit(ready, &ckMechanism, key->handle);
    }
    if (rv != CKR_OK && sessionChecked)
        return sign(token, keyId, mechanism, input, false); // the checks find out what happened
    if (rv != CKR_OK)
        return pkcs11Error(rv, QStringLiteral("C_SignInit"));

    if (key->alwaysAuthenticate) {
        const Status confirmed = loginAs(token, ready, CKU_CONTEXT_SPECIFIC, key->label);
        if (!confirmed) {
            // PKCS#11 2.40 has no way to abandon the initialised signature but a new session.
            resetSession(token.slot);
            return confirmed.error();
        }
    }

    // C_Sign only reads its input; the cast saves a detaching copy.
    auto *dataPtr = reinterpret_cast<CK_BYTE_PTR>(const_cast<char *>(input.constData()));
    const auto dataLength = static_cast<CK_ULONG>(input.size());
    // Large enough for RSA-4096 and ECDSA P-521: one C_Sign instead of a size query first.
    QByteArray signature(512, Qt::Uninitialized);
    CK_ULONG length = static_cast<CK_ULONG>(signature.size());
    rv = f->C_Sign(ready, dataPtr, dataLength, reinterpret_cast<CK_BYTE_PTR>(signature.data()), &length);
    if (rv == CKR_BUFFER_TOO_SMALL) { // the operation stays active; length is the size needed
        signature.resize(static_cast<qsizetype>(length));
        rv = f->C_Sign(ready, dataPtr, dataLength, reinterpret_cast<CK_BYTE_PTR>(signature.data()), &length);
    }
    if (rv != CKR_OK) {
        const Error error = pkcs11Error(rv, QStringLiteral("C_Sign"));
        if (error.code == ErrorCode::TokenRemoved)
            forgetSession(token.slot);
        else
            resetSession(token.slot);
        return error;
    }
    signature.resize(static_cast<qsizetype>(length));
    return signature;
}

} // namespace dms
