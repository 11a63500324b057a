import itertools, random
random.seed(7)
sizes = {8:('b','b'),16:('w','w'),32:('l','k'),64:('q','q')}
vals = {8:[0,1,0x7f,0x80,0xff,0x0f,0xa5],16:[0,1,0x7fff,0x8000,0xffff,0x00ff,0x1234],32:[0,1,0x7fffffff,0x80000000,0xffffffff,0x0000ffff,0x12345678],64:[0,1,0x7fffffffffffffff,0x8000000000000000,0xffffffffffffffff,0xffffffff,0x123456789abcdef0]}
high = 0xdeadbeefcafe0000
out = []
funcs = []
cases = []
n = 0
def fn(body, inputs):
    global n
    name = f"f{n}"; n += 1
    body = body.replace("%","%%")
    funcs.append(f"static void {name}(uint64_t *ra, uint64_t *rb, uint64_t *rc, uint64_t *rd, uint64_t *fl) {{ uint64_t a=*ra,b=*rb,c=*rc,d=*rd,f=*fl; __asm__ volatile(\"push %[f]; popfq; {body}; pushfq; pop %[f]\" : \"+a\"(a), \"+b\"(b), \"+c\"(c), \"+d\"(d), [f]\"+r\"(f) :: \"cc\", \"memory\"); *ra=a;*rb=b;*rc=c;*rd=d;*fl=f; }}")
    return name
regs = {8:('%al','%bl','%cl'),16:('%ax','%bx','%cx'),32:('%eax','%ebx','%ecx'),64:('%rax','%rbx','%rcx')}
for size,(sfx,_) in sizes.items():
    A,B,C = regs[size]
    for op in ['add','adc','sub','sbb','and','or','xor','cmp','test']:
        name = fn(f"{op}{sfx} {B}, {A}", None)
        for a,b in itertools.product(vals[size], repeat=2):
            if random.random() < 0.75: continue
            for cf in ([0,1] if op in ('adc','sbb') else [0]):
                cases.append((f"{op}{sfx} {B},{A}", name, a|(high if size<64 else 0), b, 0, 0, 0x2|cf))
    if size >= 32:
        for op in ['add','sub','cmp','and','or','xor','adc','sbb']:
            for imm in [-1, 1, 0x7f, -128, 0x12345678]:
                name = fn(f"{op}{sfx} ${imm}, {A}", None)
                for a in vals[size][:5]:
                    cases.append((f"{op}{sfx} ${imm},{A}", name, a|(high if size<64 else 0), 0, 0, 0, 0x2|1))
    for op in ['inc','dec','neg','not']:
        name = fn(f"{op}{sfx} {A}", None)
        for a in vals[size]:
            cases.append((f"{op}{sfx} {A}", name, a|(high if size<64 else 0), 0, 0, 0, 0x2|0x1))
    for op in ['shl','shr','sar','rol','ror','rcl','rcr']:
        name = fn(f"{op}{sfx} %cl, {A}", None)
        for a in [vals[size][1], vals[size][3], vals[size][6]]:
            for cnt in [0,1,2,size-1,size,33]:
                for cf in ([0,1] if op in ('rcl','rcr') else [1]):
                    cases.append((f"{op}{sfx} %cl,{A}", name, a|(high if size<64 else 0), 0, cnt, 0, 0x2|cf|0x800))
    for op in ['mul','imul']:
        name = fn(f"{op}{sfx} {B}", None)
        for a,b in itertools.product(vals[size][2:6], repeat=2):
            cases.append((f"{op}{sfx} {B}", name, a|(high if size<64 else 0), b, 0, 0x5555, 0x2))
    if size > 8:
        name = fn(f"imul{sfx} {B}, {A}", None)
        for a,b in itertools.product(vals[size][:5], repeat=2):
            cases.append((f"imul{sfx} {B},{A}", name, a|(high if size<64 else 0), b, 0, 0, 0x2))
src = ["#include <stdio.h>","#include <stdint.h>"] + funcs + ["typedef void (*F)(uint64_t*,uint64_t*,uint64_t*,uint64_t*,uint64_t*);","int main(void){"]
for (text,name,a,b,c,d,f) in cases:
    ptext = text.replace('%','%%')
    src.append(f'{{ uint64_t a={a}ULL,b={b}ULL,c={c}ULL,d={d}ULL,f={f}ULL; {name}(&a,&b,&c,&d,&f); printf("[\\"{ptext}\\",\\"{a:#x}\\",\\"{b:#x}\\",\\"{c:#x}\\",\\"{d:#x}\\",\\"{f:#x}\\",\\"%#llx\\",\\"%#llx\\",\\"%#llx\\",\\"%#llx\\"],\\n", (unsigned long long)a,(unsigned long long)b,(unsigned long long)d,(unsigned long long)(f&0x8d5)); }}')
src.append("return 0;}")
open('flags.c','w').write("\n".join(src))
print(len(cases))
