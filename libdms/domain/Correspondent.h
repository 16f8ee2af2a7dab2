// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace dms {

/** Who a correspondent is; decides which identifier it carries. */
enum class CorrespondentKind {
    Citizen, ///< a person; may carry an ЕГН
    Company, ///< a company or other legal entity; carries an ЕИК
    Administration, ///< a public administration; carries an ЕИК and may carry a СЕОС GUID
};

/** Stable names stored in the database: "citizen", "company", "administration". */
QString toName(CorrespondentKind kind);
/** The translated name shown to people. */
QString displayName(CorrespondentKind kind);
std::optional<CorrespondentKind> correspondentKindFromName(const QString &name);
QList<CorrespondentKind> allCorrespondentKinds();

/** A sender or addressee of documents (кореспондент), as kept in the register
 *  of correspondents. Optional fields are empty when absent. */
struct Correspondent
{
    QString id;
    CorrespondentKind kind = CorrespondentKind::Citizen;
    QString name; ///< full name of the person or the entity
    /** The personal number (ЕГН) of a citizen. As read from CorrespondentService
     *  it is masked (Egn::mask(), egnMasked set) unless the session may view
     *  personal data. */
    QString egn;
    bool egnMasked = false;
    QString eik; ///< ЕИК/БУЛСТАТ of a company or administration (9 or 13 digits)
    QString seosGuid; ///< an administration's address in СЕОС, lower-case, without braces
    QString address;
    QString email;
    QString phone;
};

} // namespace dms
