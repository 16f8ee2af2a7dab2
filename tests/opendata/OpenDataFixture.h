// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "registers/MunicipalRegisterDefinition.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

/** What the open-data tests share: a register of permits with personal and
 *  internal fields, and the standard Python tools used as independent checkers. */
namespace OpenDataFixture {

/** "permits": two public fields of each kind, an ЕГН (holder_egn) and a non-public
 *  note (internal_note), which must never be exported. */
inline dms::MunicipalRegisterDefinition permitsDefinition()
{
    const QByteArray json = R"({
        "code": "permits",
        "title": "Регистър на разрешителните за строеж",
        "description": "Издадени разрешения за строеж",
        "fields": [
            {"name": "permit_no", "label": "Номер", "type": "text", "required": true},
            {"name": "holder", "label": "Титуляр", "type": "text"},
            {"name": "holder_egn", "label": "ЕГН на титуляря", "type": "egn"},
            {"name": "company_eik", "label": "ЕИК", "type": "eik"},
            {"name": "issued_on", "label": "Дата на издаване", "type": "date", "required": true},
            {"name": "floors", "label": "Етажи", "type": "integer"},
            {"name": "fee", "label": "Такса", "type": "decimal"},
            {"name": "active", "label": "Действащо", "type": "boolean"},
            {"name": "zone", "label": "Зона", "type": "enum", "values": ["А", "Б", "В"]},
            {"name": "internal_note", "label": "Бележка", "type": "text", "public": false}
        ]})";
    auto definition = dms::MunicipalRegisterDefinition::fromJson(QJsonDocument::fromJson(json).object());
    if (!definition)
        qFatal("permitsDefinition: %s", qPrintable(definition.error().toString()));
    return *definition;
}

/** The python3 to run checks with (the system one first: Debian's packages live there). */
inline QString python()
{
    const QString system
        = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    return system.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("python3")) : system;
}

struct PythonRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/** Runs `python3 -c script args…` (bounded to 30 s). */
inline PythonRun runPython(const QString &script, const QStringList &arguments = {})
{
    PythonRun run;
    QProcess process;
    process.start(python(), QStringList {QStringLiteral("-c"), script} + arguments);
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

/** Whether python3 is there and can import `module`. */
inline bool hasPythonModule(const QString &module)
{
    if (python().isEmpty())
        return false;
    return runPython(QStringLiteral("import ") + module).exitCode == 0;
}

} // namespace OpenDataFixture
