import numpy as np
import pytest
from datasketch import MinHash

from newsweave.copies.shingles import LEAD_WORDS, shingle_hashes, shingle_set, words
from newsweave.copies.signature import (
    _FULL_TEMPLATE,
    _LEAD_TEMPLATE,
    BANDS,
    FULL_BANDS,
    FULL_ROWS,
    LEAD_BANDS,
    LEAD_ROWS,
    Keys,
    band_keys,
    min_values,
    minhash,
)

GERMAN = (
    "Die Regierung hat am Dienstag nach langen Verhandlungen ein neues Gesetz beschlossen, "
    "das die Versorgung mit Strom und Gas in den kommenden Wintern sichern soll. Der Minister "
    "sagte vor Journalisten in Berlin, man habe alle Beteiligten an einen Tisch gebracht."
)
# The keys of GERMAN as first stored: changing them silently would orphan every stored key.
GERMAN_KEYS = [
    3825859710, 3417581803, 2133024896, 1984817946, 3473266484, 300400303, 3833580494, 2520967004,
    896687486, 3832058915, 1688810423, 728258366, 2610274463, 4135579444, 681864007, 1510112185,
    2123993075, 1189765279, 3598305942, 2308588484, 1951879874, 3131758958, 3051870408, 2000460959,
    385941612, 464004979, 2601747344, 1331043572, 1387195460,
]
STORY = (
    "Heavy rain flooded the lower town on Monday night, forcing dozens of families to leave their "
    "homes as the river rose above its banks for the first time in twenty years. Fire crews worked "
    "through the night to pump water from cellars while volunteers filled sandbags at the market square. "
    "The mayor said the town would ask the regional government for emergency funds to repair the roads "
    "and the old stone bridge, which was closed after engineers found cracks in two of its arches. "
    "Residents said the warning came too late and that the new flood barrier promised after the last "
    "disaster had never been built, although the money had been set aside three years ago."
)


def keys_of(text: str) -> Keys:
    tokens = words(text)
    return Keys.of(shingle_set(shingle_hashes(tokens)), shingle_set(shingle_hashes(tokens[:LEAD_WORDS])))


def datasketch_minhash(hashes: np.ndarray, template: MinHash) -> MinHash:
    reference = MinHash(num_perm=template.num_perm, hashfunc=lambda v: v, permutations=template.permutations,
                        scheme=template.scheme)
    reference.update_batch(hashes.tolist())
    return reference


@pytest.mark.parametrize("template", [_FULL_TEMPLATE, _LEAD_TEMPLATE])
@pytest.mark.parametrize("size", [0, 1, 5, 57, 800])
def test_min_values_equal_datasketch_update_batch(template, size):
    hashes = np.random.default_rng(size).integers(0, 1 << 32, size, dtype=np.uint64).astype(np.uint32)
    reference = datasketch_minhash(hashes, template)
    assert min_values(hashes, template.permutations).tolist() == reference.hashvalues.tolist()
    signature = minhash(hashes, template)
    assert isinstance(signature, MinHash)
    assert signature.hashvalues.tolist() == reference.hashvalues.tolist()
    assert signature.jaccard(reference) == 1.0


def test_min_values_of_real_shingles_equal_datasketch():
    hashes = shingle_set(shingle_hashes(words(STORY)))
    reference = datasketch_minhash(hashes, _FULL_TEMPLATE)
    assert min_values(hashes, _FULL_TEMPLATE.permutations).tolist() == reference.hashvalues.tolist()


def test_band_keys_follow_the_reference_mix():
    signature = minhash(shingle_set(shingle_hashes(words(STORY))), _FULL_TEMPLATE)
    mix, mask = 0x9E3779B97F4A7C15, (1 << 64) - 1
    values = signature.hashvalues.tolist()
    expected = []
    for band in range(FULL_BANDS):
        mixed = 0
        for row in range(FULL_ROWS):
            mixed = ((mixed ^ values[band * FULL_ROWS + row]) * mix) & mask
            mixed ^= mixed >> 32
        expected.append(mixed & 0xFFFFFFFF)
    got = band_keys(signature, FULL_BANDS, FULL_ROWS)
    assert got.dtype == np.uint32
    assert got.tolist() == expected


def test_stored_key_format_is_stable():
    keys = keys_of(GERMAN)
    assert keys.values.tolist() == GERMAN_KEYS
    data = keys.to_bytes()
    assert len(data) == 4 * BANDS and data[:4] == GERMAN_KEYS[0].to_bytes(4, "little")
    back = Keys.from_bytes(data)
    assert back.values.dtype == np.uint32 and back.values.tolist() == GERMAN_KEYS


def test_band_shape_fits_the_memory_budget():
    assert BANDS == FULL_BANDS + LEAD_BANDS
    assert BANDS * 8 <= 300
    assert _FULL_TEMPLATE.num_perm == FULL_BANDS * FULL_ROWS
    assert _LEAD_TEMPLATE.num_perm == LEAD_BANDS * LEAD_ROWS


def test_a_light_edit_shares_full_bands_and_a_trimmed_copy_shares_lead_bands():
    original = keys_of(STORY).values
    edited = keys_of(STORY.replace("Monday", "Tuesday").replace("said", "says") + " By A. Writer.").values
    shared_full = int((original[:FULL_BANDS] == edited[:FULL_BANDS]).sum())
    assert shared_full >= 3
    top = " ".join(STORY.split()[:70]) + " Read more about the floods in our live blog on the website."
    trimmed = keys_of(top).values
    assert (original[FULL_BANDS:] == trimmed[FULL_BANDS:]).all()  # same first 60 words: same lead
    unrelated = keys_of(GERMAN).values
    assert not (original == unrelated).any()
