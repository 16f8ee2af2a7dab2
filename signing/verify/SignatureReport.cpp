// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/SignatureReport.h"

namespace dms {

void SignatureReport::fail(Indication worse, SubIndication why, const QString &message)
{
    errors.append(message);
    if (indication == Indication::TotalPassed
        || (indication == Indication::Indeterminate && worse == Indication::TotalFailed)) {
        indication = worse;
        subIndication = why;
    }
}

QString SignatureReport::indicationName(Indication indication)
{
    switch (indication) {
    case Indication::TotalPassed:
        return QStringLiteral("TOTAL_PASSED");
    case Indication::Indeterminate:
        return QStringLiteral("INDETERMINATE");
    case Indication::TotalFailed:
        return QStringLiteral("TOTAL_FAILED");
    }
    return {};
}

QString SignatureReport::subIndicationName(SubIndication subIndication)
{
    switch (subIndication) {
    case SubIndication::None:
        return {};
    case SubIndication::FormatFailure:
        return QStringLiteral("FORMAT_FAILURE");
    case SubIndication::HashFailure:
        return QStringLiteral("HASH_FAILURE");
    case SubIndication::SigCryptoFailure:
        return QStringLiteral("SIG_CRYPTO_FAILURE");
    case SubIndication::NotYetValid:
        return QStringLiteral("NOT_YET_VALID");
    case SubIndication::NoSigningCertificateFound:
        return QStringLiteral("NO_SIGNING_CERTIFICATE_FOUND");
    case SubIndication::NoCertificateChainFound:
        return QStringLiteral("NO_CERTIFICATE_CHAIN_FOUND");
    case SubIndication::CertificateChainGeneralFailure:
        return QStringLiteral("CERTIFICATE_CHAIN_GENERAL_FAILURE");
    case SubIndication::ChainConstraintsFailure:
        return QStringLiteral("CHAIN_CONSTRAINTS_FAILURE");
    case SubIndication::CryptoConstraintsFailure:
        return QStringLiteral("CRYPTO_CONSTRAINTS_FAILURE");
    case SubIndication::OutOfBoundsNoPoe:
        return QStringLiteral("OUT_OF_BOUNDS_NO_POE");
    case SubIndication::SignedDataNotFound:
        return QStringLiteral("SIGNED_DATA_NOT_FOUND");
    case SubIndication::Revoked:
        return QStringLiteral("REVOKED");
    case SubIndication::Expired:
        return QStringLiteral("EXPIRED");
    case SubIndication::RevokedNoPoe:
        return QStringLiteral("REVOKED_NO_POE");
    case SubIndication::RevokedCaNoPoe:
        return QStringLiteral("REVOKED_CA_NO_POE");
    case SubIndication::TryLater:
        return QStringLiteral("TRY_LATER");
    case SubIndication::RevocationOutOfBoundsNoPoe:
        return QStringLiteral("REVOCATION_OUT_OF_BOUNDS_NO_POE");
    }
    return {};
}

QString SignatureReport::levelName(SignatureLevel level)
{
    switch (level) {
    case SignatureLevel::NotApplicable:
        return QStringLiteral("N/A");
    case SignatureLevel::AdES:
        return QStringLiteral("AdES");
    case SignatureLevel::AdESQc:
        return QStringLiteral("AdES-QC");
    case SignatureLevel::Qes:
        return QStringLiteral("QES");
    }
    return {};
}

} // namespace dms
