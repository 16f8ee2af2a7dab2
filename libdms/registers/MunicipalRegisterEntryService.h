// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "registers/MunicipalRegisterEntry.h"

namespace dms {

struct ServiceContext;

/** Entries of municipal registers: adding and changing them, their history and
 *  their links to documents and case files.
 *
 *  Values come as a JSON object keyed by field name; strings are parsed by the
 *  field's type (see MunicipalRegisterField::normalise), so form text and typed
 *  JSON both work. Unknown field names, invalid values and missing required values
 *  are refused with InvalidInput naming the field. Adding, changing and linking
 *  need Permission::EditRegisterEntries (clerks, administrators); reading needs
 *  Permission::ReadDocuments, and ЕГН values are masked (Egn::mask) for sessions
 *  without Permission::ViewPersonalData. Every change is kept field by field
 *  (who, when, old → new) and journalled (entity "municipal-register-entry",
 *  with the names of the changed fields but never their values). */
class MunicipalRegisterEntryService
{
public:
    static constexpr int kMaxListLimit = 10'000;

    explicit MunicipalRegisterEntryService(ServiceContext &context);

    /** Adds an entry with the register's next number. NotFound for an unknown register. */
    Result<MunicipalRegisterEntry> add(const Session &session, const QString &registerCode,
                                       const QJsonObject &values);
    /** Sets the given fields (null or "" clears one) of the entry, which must still be
     *  at expectedVersion (else Conflict). Nothing changes, and the version stays,
     *  when every value is the same. */
    Result<MunicipalRegisterEntry> update(const Session &session, const QString &registerCode, qint64 number,
                                          const QJsonObject &changes, int expectedVersion);
    /** The entry with its links; NotFound when there is none. */
    Result<MunicipalRegisterEntry> get(const Session &session, const QString &registerCode, qint64 number);
    /** The register's entries in number order, without their links: at most `limit`
     *  (1 to kMaxListLimit) with a number above `afterNumber`, for reading page by
     *  page. NotFound for an unknown register. */
    Result<QList<MunicipalRegisterEntry>> list(const Session &session, const QString &registerCode,
                                               qint64 afterNumber = 0, int limit = kMaxListLimit);
    /** The entry's changes, oldest first (fields in name order within a version). */
    Result<QList<MunicipalRegisterChange>> history(const Session &session, const QString &registerCode,
                                                   qint64 number);
    /** Links the entry to a document or case file; NotFound when that does not exist,
     *  AlreadyExists when the link does. */
    Status link(const Session &session, const QString &registerCode, qint64 number,
                MunicipalRegisterLink::Kind kind, const QString &targetId);

private:
    ServiceContext &m_context;
};

} // namespace dms
