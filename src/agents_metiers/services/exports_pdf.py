"""Job kind ``export-pdf``: the public PDF of each published fiche, gathered in one ZIP.

Each item renders one PDF (in a thread: layout is CPU work) into ``DATA_DIR/exports/<job id>/``;
when the last item ends, the finalizer packs that folder into ``DATA_DIR/exports/<file>.zip``,
served by ``GET /api/jobs/{id}/artefact``. A fiche that is not published fails with a sentence.

The finalizer may run again (a worker died while packing, ``services.jobs.workers``): it packs
the folder again into a fresh temporary file, or, the folder already removed by the run that
finished the ZIP, reports that ZIP.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents_metiers.services.comptes.acteurs import Auteur

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime
    from agents_metiers.storage.tables import JobRow


def _folder(runtime: Runtime, job_id: str) -> Path:
    return runtime.settings.data_dir / "exports" / job_id


def _render(runtime: Runtime, code: str, folder: Path) -> dict[str, Any]:
    from agents_metiers.rendering.pdf import pdf_fiche  # noqa: PLC0415 (WeasyPrint is heavy)

    nom, contenu = pdf_fiche(runtime, code, voir_brouillons=False)
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{nom}.part"
    part.write_bytes(contenu)
    part.replace(folder / nom)
    return {"fichier": nom, "octets": len(contenu)}


async def exporter_item(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    return await asyncio.to_thread(_render, runtime, code, _folder(runtime, params["job_id"]))


def _pack(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
    folder = _folder(runtime, job.id)
    name = f"fiches-pdf-{job.created_at:%Y%m%d}-{job.id[:8]}.zip"
    target = folder.parent / name
    pdfs = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not pdfs:
        shutil.rmtree(folder, ignore_errors=True)
        if target.is_file():  # packed by an earlier run that stopped before reporting it
            with zipfile.ZipFile(target) as archive:
                nombre = len(archive.namelist())
            return {"fichier": name, "nombre": nombre, "octets": target.stat().st_size}
        return {"fichier": None, "nombre": 0}
    # A name of its own: a run still packing in a worker declared dead never shares it.
    part = folder.parent / f"{name}.{uuid.uuid4().hex[:8]}.part"
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED) as archive:
            for pdf in pdfs:
                archive.write(pdf, arcname=pdf.name)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return {"fichier": name, "nombre": len(pdfs), "octets": target.stat().st_size}


async def assembler_zip(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
    return await asyncio.to_thread(_pack, runtime, job)
