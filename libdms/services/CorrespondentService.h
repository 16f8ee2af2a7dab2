// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/Correspondent.h"

#include <QList>

namespace dms {

struct ServiceContext;

/** The register of correspondents: citizens, companies and administrations that
 *  send or receive documents.
 *
 *  Writes need Permission::ManageCorrespondents, reads Permission::ReadDocuments.
 *  Every correspondent returned carries its ЕГН masked (Egn::mask(), egnMasked
 *  set) unless the session holds Permission::ViewPersonalData; revealEgn() gives
 *  the full number and journals who looked at whose record.
 *
 *  Rules checked by create() and update(), all failing with InvalidInput and a
 *  translated message:
 *  - name: required, at most kMaxNameLength characters;
 *  - citizen: a valid ЕГН or none; no ЕИК, no СЕОС GUID;
 *  - company: a valid ЕИК; no ЕГН, no СЕОС GUID;
 *  - administration: a valid ЕИК and optionally a СЕОС GUID (8-4-4-4-12 hex
 *    digits, in any case, braces allowed; stored lower-case without braces);
 *    no ЕГН;
 *  - e-mail: empty or local@domain.tld, at most kMaxEmailLength characters;
 *  - address and phone: at most kMaxAddressLength / kMaxPhoneLength characters;
 *  - no control characters, except line breaks and tabs in the address.
 *  Surrounding whitespace is trimmed from every field; the rest is stored as given.
 *
 *  An ЕГН, ЕИК or СЕОС GUID identifies one correspondent: creating or updating
 *  another with the same identifier fails with AlreadyExists whose detail is the
 *  id of the correspondent that already has it.
 *
 *  The ЕГН never appears in errors' details, in the journal (whose details carry
 *  only `hasEgn`) or in logs. Thread-safe: each call uses the calling thread's
 *  connection. */
class CorrespondentService
{
public:
    static constexpr int kMaxNameLength = 300;
    static constexpr int kMaxAddressLength = 500;
    static constexpr int kMaxEmailLength = 254;
    static constexpr int kMaxPhoneLength = 50;
    static constexpr int kMaxSearchLimit = 500;

    explicit CorrespondentService(ServiceContext &context);

    /** Registers a correspondent (its id is assigned here; any id given is
     *  ignored). Journals "correspondent.create". */
    Result<Correspondent> create(const Session &session, const Correspondent &correspondent);
    /** Rewrites every field of the correspondent with `correspondent.id`
     *  (NotFound if there is none). An ЕГН passed back masked, exactly as read,
     *  keeps the stored number. Journals "correspondent.update" with the names of
     *  the changed fields; an update that changes nothing writes nothing. */
    Result<Correspondent> update(const Session &session, const Correspondent &correspondent);
    /** NotFound if there is no correspondent with this id. */
    Result<Correspondent> get(const Session &session, const QString &id);
    /** The correspondent with this ЕГН (10 digits), ЕИК (9 or 13 digits) or СЕОС
     *  GUID. InvalidInput if `text` is none of these or fails its check digits;
     *  NotFound if no one has it. */
    Result<Correspondent> findByIdentifier(const Session &session, const QString &text);
    /** Correspondents whose name starts with `prefix`, case-insensitively (also
     *  in Cyrillic), ordered by name; at most `limit` (1 to kMaxSearchLimit). An
     *  empty prefix lists from the start of the alphabet. */
    Result<QList<Correspondent>> findByName(const Session &session, const QString &prefix, int limit = 20);
    /** The full ЕГН of a citizen; needs Permission::ViewPersonalData. Journals
     *  "personal-data.view" (the viewer is the entry's actor, the correspondent
     *  its entity; the number is not written). NotFound if the correspondent does
     *  not exist or has no ЕГН. */
    Result<QString> revealEgn(const Session &session, const QString &id);

private:
    ServiceContext &m_context;
};

} // namespace dms
