// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "registers/MunicipalRegisterDefinition.h"

#include <QJsonObject>

#include <atomic>

class QIODevice;

namespace dms {

class Database;
class StoredEntryValues;

/** Writes a municipal register's entries as open data: CSV (RFC 4180, UTF-8, a
 *  header row of field names) and JSON (described by jsonSchema()).
 *
 *  Only exported fields appear (public and not an ЕГН, see
 *  MunicipalRegisterField::isExported()); the first column / property is the
 *  entry number. Entries are read row by row (RegisterEntryRows), their stored
 *  JSON scanned without building objects (StoredEntryValues), and the output
 *  written as UTF-8 in blocks of 1 MiB, so a register of any size streams
 *  through without being held in memory. A stored value that does not fit its
 *  field's type stops either format with Corrupt (naming the entry, never the
 *  value). A set `cancel` flag stops the export with Cancelled. Thread-safe:
 *  each call uses the calling thread's connection. */
class MunicipalRegisterExporter
{
public:
    explicit MunicipalRegisterExporter(Database &database);

    /** The published register with this code (NotFound otherwise, also for
     *  malformed codes); `includeUnpublished` for administrators' exports. */
    Result<MunicipalRegisterDefinition> definition(const QString &code, bool includeUnpublished = false);

    Status writeCsv(const MunicipalRegisterDefinition &definition, QIODevice &out,
                    const std::atomic_bool *cancel = nullptr);
    /** {"register", "title", "license", "modified", "entries": [{"number": 1, …}, …]}. */
    Status writeJson(const MunicipalRegisterDefinition &definition, QIODevice &out,
                     const std::atomic_bool *cancel = nullptr);

    /** The JSON Schema (draft 2020-12) of writeJson()'s output, with `schemaId` as its $id. */
    static QJsonObject jsonSchema(const MunicipalRegisterDefinition &definition, const QString &schemaId);

private:
    /** Parses each entry's stored values into `values` and calls write(number). */
    template<class RowWriter>
    Status forEachEntry(const MunicipalRegisterDefinition &definition, StoredEntryValues &values,
                        const std::atomic_bool *cancel, RowWriter &&write);

    Database &m_database;
};

} // namespace dms
