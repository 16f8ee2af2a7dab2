// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "registers/MunicipalRegisterDefinition.h"

namespace dms {

struct ServiceContext;

/** The definitions of municipal registers (see MunicipalRegisterDefinition).
 *
 *  Defining and changing a register needs Permission::ManageRegistries
 *  (administrators); reading needs Permission::ReadDocuments. Changes are
 *  journalled (entity "municipal-register"). A definition may later change its
 *  title, description, licence, publication, labels and the public flag of
 *  fields, widen an enumeration and gain fields at the end; a field's type is
 *  never changed and no field is removed, so stored values always match their
 *  definition. Thread-safe: each call uses the calling thread's connection. */
class MunicipalRegisterService
{
public:
    explicit MunicipalRegisterService(ServiceContext &context);

    /** Creates a register; AlreadyExists when the code is taken. */
    Result<MunicipalRegisterDefinition> define(const Session &session,
                                               const MunicipalRegisterDefinition &definition);
    /** Changes the register with definition.code as described above; InvalidInput
     *  naming the field for a forbidden change (type change, removed field, removed
     *  enumeration value, a new required field while there are entries). */
    Result<MunicipalRegisterDefinition> update(const Session &session,
                                               const MunicipalRegisterDefinition &definition);
    /** Every register, ordered by code. */
    Result<QList<MunicipalRegisterDefinition>> list(const Session &session);
    /** The register with this code; NotFound when there is none. */
    Result<MunicipalRegisterDefinition> find(const Session &session, const QString &code);

private:
    ServiceContext &m_context;
};

} // namespace dms
